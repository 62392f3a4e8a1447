// The storage pages in Debian's headless chromium: an administrator sets the garbage collection
// schedule, starts a dry run, watches its row in the history end without a reload and opens its
// log; then makes a project with a storage quota and changes it from the project page's quota bar. Run by
// io.wharf.it.PortalE2EIT, which checks what the server then holds; exits 1 (after
// storage-failure.png) on the first thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_NEW_PROJECT');
const QUOTA_MIB = env('WHARF_QUOTA_MIB');

async function main() {
  await signIn(BASE, USER, PASSWORD);

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
}

await browserRun('storage pages', 'storage-failure', main);
