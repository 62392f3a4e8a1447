// The Security Hub and a project's CVE allowlist in Debian's headless chromium: an administrator
// reads the summary, finds a vulnerability of the scanned image by its CVE and follows it to the
// artifact's page, saves a system allowlist, and on the project's configuration page turns on
// prevention at "high" and switches the project to the system allowlist. Run by
// io.wharf.it.PortalE2EIT, which checks what the server then holds; exits 1 (after
// security-hub-failure.png) on the first thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_PROJECT');
const DIGEST = env('WHARF_DIGEST');
const CVE = env('WHARF_EXPECT_CVE');
const ALLOW = env('WHARF_ALLOW_CVE');

async function main() {
  await signIn(BASE, USER, PASSWORD);

  await page.goto(BASE + '/#/security-hub');
  await page.waitForSelector('[data-security-summary] [data-scanned]');
  const scanned = Number(await page.getAttribute('[data-scanned]', 'data-scanned'));
  check(scanned >= 1, 'the summary counts no scanned artifact');
  const high = await page.textContent('[data-severity-count=High]');
  check(Number(high.trim()) >= 1, 'the summary shows no High finding: ' + high);
  await shot('40-security-hub');

  await page.fill('input[name=cve_id]', CVE);
  await page.fill('input[name=digest]', DIGEST);
  await page.click('[data-vul-search] button[type=submit]');
  await page.waitForSelector(`[data-vul="${CVE}@${DIGEST}"]`);
  check(await page.locator('[data-vul-results] tbody tr').count() === 1, 'the search by CVE and digest found more than one row');
  await shot('41-security-hub-search');
  await page.click(`[data-vul="${CVE}@${DIGEST}"] a.mono`);
  await page.waitForURL(/#\/projects\/.*\/artifacts\/sha256/);

  await page.goto(BASE + '/#/security-hub');
  await page.waitForSelector('[data-system-allowlist] textarea');
  await page.fill('[data-system-allowlist] textarea', ALLOW);
  await page.click('[data-action=save-system-allowlist]');
  await page.waitForSelector('.toast-success');

  await page.goto(BASE + '/#/projects/' + encodeURIComponent(PROJECT) + '/configuration');
  await page.waitForSelector('[data-setting=prevent_vul]');
  await page.selectOption('select[name=severity]', 'high');
  await page.waitForSelector('.toast-success');
  await page.click('[data-setting=prevent_vul] .switch');
  await page.waitForSelector('.toast-success >> text=Deployment security: on');
  await page.check('input[name=allowlist-kind][value=system]');
  await page.click('[data-action=save-allowlist]');
  await page.waitForSelector('.toast-success >> text=CVE allowlist saved');
  await shot('42-project-configuration-allowlist');
}

await browserRun('security hub', 'security-hub-failure', main);
