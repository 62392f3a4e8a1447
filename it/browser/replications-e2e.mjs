// The Replications page in Debian's headless chromium: an administrator creates a push-based rule
// for a project with the endpoint picker, runs it with Replicate, follows the execution until it
// succeeded, opens its tasks and a task's log. Run by io.wharf.it.PortalE2EIT; exits 1 (after a
// screenshot) on the first thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_PROJECT');
const RULE = env('WHARF_RULE');
const ENDPOINT = env('WHARF_ENDPOINT');

async function main() {
  await signIn(BASE, USER, PASSWORD);

  await page.goto(BASE + '/#/replications');
  await page.click('[data-action=new-rule]');
  await page.fill('#rule_name', RULE);
  await page.selectOption('#rule_registry', ENDPOINT);
  await page.fill('#rule_name_filter', PROJECT + '/**');
  await page.fill('#rule_namespace', 'portal');
  await page.fill('#rule_replace', '1');
  await page.click('dialog button[type=submit]');
  const row = page.locator(`tr[data-rule-row="${RULE}"]`);
  await row.waitFor();
  await shot('30-replication-rule');
  await row.locator('[data-action=replicate]').click();
  await page.waitForSelector('.toast-success');
  await page.waitForSelector('[data-executions] tr[data-execution-row] [data-status=Succeed]', {timeout: 120000});
  const progress = (await page.locator('[data-executions] tr[data-execution-row] [data-progress]').first().textContent()).trim();
  check(/^[1-9]\d* of [1-9]\d* done$/.test(progress), 'the progress reads ' + progress);
  await page.locator('[data-executions] [data-action=show-tasks]').first().click();
  await page.locator('[data-tasks] [data-action=task-log]').first().click();
  await page.waitForSelector('[data-task-log]:not([hidden])');
  const log = await page.locator('[data-task-log]').textContent();
  check(log.includes('copying ' + PROJECT + '/'), 'the task log reads: ' + log);
  await shot('31-replication-log');
}

await browserRun('replications page', 'replications-failure', main);
