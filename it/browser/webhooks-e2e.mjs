// A project's webhooks in the portal, in Debian's headless chromium driven by playwright-core:
// a project admin opens the project's Webhooks page, creates a policy pointing at a receiver,
// sends a test event, watches its delivery succeed in the history, and reads the delivery's log.
// Run by io.wharf.it.PortalE2EIT, which starts the receiver and checks what reached it.
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
const RECEIVER = env('WHARF_WEBHOOK_URL');
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
  const file = path.join(SHOTS, name + '.png');
  await page.screenshot({path: file, fullPage: true});
  console.log('screenshot ' + file);
}

async function step(name, fn) {
  const started = Date.now();
  await fn();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
}

async function main() {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: {width: 1440, height: 900},
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(60000); // a loaded CI machine answers slowly
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => d.accept());

  await step('sign in and open the project\'s webhooks', async () => {
    await page.goto(BASE + '/');
    await page.waitForSelector('#principal');
    await page.fill('#principal', USER);
    await page.fill('#password', PASSWORD);
    await page.click('#log_in');
    await page.waitForSelector(`[data-user="${USER}"]`);
    await page.goto(BASE + '/#/projects/' + encodeURIComponent(PROJECT));
    await page.click('a[data-action=project-webhooks]');
    await page.waitForSelector('button[data-action=new-webhook]');
    await shot('w1-webhooks-empty');
  });

  await step('create a webhook for pushes', async () => {
    await page.click('button[data-action=new-webhook]');
    await page.fill('#webhook_name', 'ci');
    await page.fill('#webhook_description', 'tell the CI about pushes');
    for (const box of await page.locator('input[name=event_types]').all()) {
      if ((await box.getAttribute('value')) === 'PUSH_ARTIFACT') await box.check(); else await box.uncheck();
    }
    await page.fill('#webhook_address', RECEIVER);
    await page.fill('#webhook_auth', 'Bearer from-the-portal');
    await shot('w2-webhook-dialog');
    await page.click('dialog button[type=submit]');
    await page.waitForSelector('tr[data-webhook-row="ci"]');
    const cells = await page.locator('tr[data-webhook-row="ci"]').textContent();
    check(cells.includes('PUSH_ARTIFACT') && cells.includes(RECEIVER), 'the new row does not show the policy: ' + cells);
  });

  await step('send a test event and see it delivered', async () => {
    await page.click('tr[data-webhook-row="ci"] button[data-action=test-webhook]');
    await page.waitForSelector('tr[data-execution-row="PUSH_ARTIFACT"]');
    const deadline = Date.now() + 60000;
    for (;;) {
      const status = await page.locator('tr[data-execution-row="PUSH_ARTIFACT"] [data-execution-status]').first().getAttribute('data-execution-status');
      if (status === 'Success') break;
      check(status !== 'Error', 'the test delivery failed');
      check(Date.now() < deadline, 'the test delivery is still ' + status);
      await page.waitForTimeout(1000);
      await page.click('button[aria-label=Refresh]');
      await page.waitForSelector('tr[data-execution-row="PUSH_ARTIFACT"]');
    }
    await page.click('tr[data-execution-row="PUSH_ARTIFACT"] button[data-action=show-tasks]');
    await page.waitForSelector('[data-task-status=Success]');
    await page.click('[data-task-status=Success] button[data-action=task-log]');
    const log = page.locator('pre[data-webhook-log]:not([hidden])');
    await log.waitFor();
    const text = await log.textContent();
    check(text.includes('answered 200'), 'the delivery log does not say the receiver answered: ' + text);
    await shot('w3-webhook-delivered');
  });

  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('webhooks: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await shot('w-failure'); } catch { /* the browser may be gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
