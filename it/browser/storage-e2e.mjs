// The storage pages in Debian's headless chromium: an administrator sets the garbage collection
// schedule, starts a dry run, watches its row in the history end without a reload and opens its
// log; then makes a project with a storage quota and changes it from the project page's quota bar. Run by
// io.wharf.it.PortalE2EIT, which checks what the server then holds; exits 1 (after
// storage-failure.png) on the first thing not as expected.
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
const PROJECT = env('WHARF_NEW_PROJECT');
const QUOTA_MIB = env('WHARF_QUOTA_MIB');
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

  // Clean Up: a daily schedule, saved and shown again after a reload.
  await page.goto(BASE + '/#/gc');
  await page.waitForSelector('[data-gc-history]');
  await page.selectOption('select[name=schedule-type]', 'Daily');
  await page.check('input[name=delete-untagged]');
  await page.click('[data-action=gc-save]');
  await page.waitForSelector('.toast-success');
  await page.reload();
  await page.waitForSelector('[data-gc-history]');
  await page.waitForFunction(() => document.querySelector('select[name=schedule-type]').value === 'Daily');
  check(await page.isChecked('input[name=delete-untagged]'), 'the saved schedule lost delete untagged');

  // A dry run: its row appears on top, ends without a reload, and its log opens.
  const before = await page.locator('tr[data-gc-id]').first().getAttribute('data-gc-id').catch(() => null);
  await page.click('[data-action=gc-dry-run]');
  await page.waitForFunction((old) => {
    const row = document.querySelector('tr[data-gc-id]');
    return row && row.getAttribute('data-gc-id') !== old;
  }, before);
  const id = await page.locator('tr[data-gc-id]').first().getAttribute('data-gc-id');
  const row = page.locator(`tr[data-gc-id="${id}"]`);
  check((await row.textContent()).includes('Yes'), 'the new run is not shown as a dry run: ' + await row.textContent());
  await page.waitForSelector(`tr[data-gc-id="${id}"] [data-status=Success]`, {timeout: 120000});
  check(/\d+ blobs, \d+ manifests/.test(await row.textContent()), 'the run shows no results: ' + await row.textContent());
  await shot('30-gc-history');
  await row.locator('[data-action=gc-log]').click();
  const log = page.locator(`[data-gc-log="${id}"]`);
  await log.waitFor();
  const text = await log.textContent();
  check(text.includes('dry run: would free'), 'the log of the dry run: ' + text);
  await shot('31-gc-log');
  console.log('GC_RUN=' + id);

  // A new project with a storage quota, then the quota changed from the project page's quota bar.
  await page.goto(BASE + '/#/projects');
  await page.click('[data-action=new-project]');
  await page.fill('#project_name', PROJECT);
  await page.fill('#storage_limit_mib', '10');
  await page.click('dialog button[type=submit]');
  await page.waitForSelector(`[data-quota-limit="${10 * 1024 * 1024}"][data-quota-used="0"]`);
  await shot('32-new-project-quota');
  await page.fill('input[name=storage-limit-mib]', QUOTA_MIB);
  await page.click('[data-action=quota-save]');
  await page.waitForSelector('.toast-success');
  const limit = String(Math.round(Number(QUOTA_MIB) * 1024 * 1024));
  await page.waitForSelector(`[data-quota-limit="${limit}"]`);
  check(await page.locator('[data-quota] [role=progressbar]').count() === 1, 'no usage bar under a limit');
  await shot('33-project-quota');
  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('storage pages: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await page.screenshot({path: path.join(SHOTS, 'storage-failure.png'), fullPage: true}); } catch { /* gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
