// The Replications page in Debian's headless chromium: an administrator creates a push-based rule
// for a project with the endpoint picker, runs it with Replicate, follows the execution until it
// succeeded, opens its tasks and a task's log. Run by io.wharf.it.PortalE2EIT; exits 1 (after a
// screenshot) on the first thing not as expected.
import {chromium} from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error('missing environment variable ' + name);
  return v;
};
const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_PROJECT');
const RULE = env('WHARF_RULE');
const ENDPOINT = env('WHARF_ENDPOINT');
const SHOTS = env('WHARF_SCREENSHOTS');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

fs.mkdirSync(SHOTS, {recursive: true});
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
const pageErrors = [];
let page;
let context;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(name) {
  await page.screenshot({path: path.join(SHOTS, name + '.png')});
}

async function main() {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1440, height: 900},
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(BASE + '/');
  await page.waitForSelector('#principal');
  await page.fill('#principal', USER);
  await page.fill('#password', PASSWORD);
  await page.click('#log_in');
  await page.waitForSelector(`[data-user="${USER}"]`);

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
  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('replications page: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await page.screenshot({path: path.join(SHOTS, 'replications-failure.png'), fullPage: true}); } catch { /* gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
