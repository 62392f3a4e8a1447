// The portal as a person uses it, in Debian's headless chromium driven by playwright-core:
// sign in, find the repository, scan a tag, watch the scan finish without reloading, read a
// finding, filter, read the scan log, copy a digest, switch scan-on-push, label the artifact, log out.
// Run by io.wharf.it.PortalE2EIT, which arranges the user, project, image and vulnerability data
// and passes them in the environment. Exits 1 (after a screenshot named failure.png) on the first
// thing that is not as expected.
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
const REPO = env('WHARF_REPOSITORY');           // inside the project, e.g. shop/web
const TAG = env('WHARF_TAG');
const VULN = env('WHARF_EXPECT_VULN');          // a finding the image must show
const VULN_RATING = env('WHARF_EXPECT_RATING');  // who rated it, its CVSS and CWE ids, as its details say
const VULN_PACKAGE = env('WHARF_EXPECT_PACKAGE');
const VULN_FIX = env('WHARF_EXPECT_FIX');
const SHOTS = env('WHARF_SCREENSHOTS');
const SCAN_TIMEOUT = parseInt(process.env.WHARF_SCAN_TIMEOUT_MS || '180000', 10);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

fs.mkdirSync(SHOTS, {recursive: true});
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
const pageErrors = [];
let page;
let context;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(name, fullPage = false) {
  const file = path.join(SHOTS, name + '.png');
  await page.screenshot({path: file, fullPage});
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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1440, height: 900},
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Nothing may be fetched from anywhere but Wharf: the portal works offline.
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) foreign.push(r.url()); });

  await step('the sign-in page comes up and refuses a wrong password', async () => {
    await page.goto(BASE + '/');
    await page.waitForSelector('#principal');
    await page.fill('#principal', USER);
    await page.fill('#password', PASSWORD + '-wrong');
    await page.click('#log_in');
    const error = page.locator('.form-error:not([hidden])');
    await error.waitFor();
    check((await error.textContent()).includes('Invalid user name or password'), 'no wrong-password message');
    await shot('01-sign-in-refused');
  });

  await step('sign in and see the project', async () => {
    await page.fill('#password', PASSWORD);
    await page.click('#log_in');
    await page.waitForSelector(`[data-user="${USER}"]`);
    const cookies = await context.cookies(BASE);
    const sid = cookies.find((c) => c.name === 'sid');
    check(sid && sid.httpOnly && sid.sameSite === 'Strict', 'the session cookie is not HttpOnly and SameSite=Strict: ' + JSON.stringify(sid));
    check(!(await page.evaluate(() => document.cookie)).includes('sid='), 'the page script can read the session cookie');
    await page.goto(BASE + '/#/projects?name=' + encodeURIComponent(PROJECT));
    await page.waitForSelector(`tr[data-project="${PROJECT}"]`);
    await shot('02-projects');
  });

  await step('turn scan on push on for the project', async () => {
    const row = page.locator(`tr[data-project="${PROJECT}"]`);
    const toggle = row.locator('input[name=auto_scan]');
    check(!(await toggle.isDisabled()), 'a project admin cannot switch scan on push');
    check(!(await toggle.isChecked()), 'scan on push is already on');
    await toggle.check();
    await page.waitForSelector('.toast-success');
    const project = await api('/api/v2.0/projects/' + PROJECT);
    check(project.metadata.auto_scan === 'true', 'the switch did not reach the project: ' + JSON.stringify(project.metadata));
  });

  await step('open the project and the repository', async () => {
    await page.click(`tr[data-project="${PROJECT}"] a`);
    await page.waitForSelector(`tr[data-repository="${PROJECT}/${REPO}"]`);
    await shot('03-project');
    await page.click(`tr[data-repository="${PROJECT}/${REPO}"] a`);
    await page.waitForSelector(`tr[data-tags~="${TAG}"]`);
    const cell = page.locator(`tr[data-tags~="${TAG}"] [data-scan-cell]`);
    check((await cell.textContent()).includes('Not scanned'), 'the new image does not say Not scanned: ' + await cell.textContent());
    const pull = `docker pull ${new URL(BASE).host}/${PROJECT}/${REPO}`;
    check((await page.locator('.command code').first().textContent()).startsWith(pull), 'no pull command for ' + pull);
    await shot('04-repository-not-scanned');
  });

  let digest;
  await step('scan the tag and watch the scan finish without reloading', async () => {
    const row = page.locator(`tr[data-tags~="${TAG}"]`);
    digest = await row.getAttribute('data-digest');
    await page.evaluate(() => { window.__sameDocument = true; });
    await row.locator('input[type=checkbox]').check();
    await page.click('button[data-action=scan]');
    const state = row.locator('[data-scan]');
    // Between the click and the result the cell must show the scan under way.
    await page.waitForFunction((d) => {
      const s = document.querySelector(`tr[data-digest="${d}"] [data-scan]`);
      return s && ['Requested', 'Pending', 'Running', 'Success'].includes(s.dataset.scan);
    }, digest, {timeout: 10000});
    const seen = await state.getAttribute('data-scan');
    console.log('    scan state after the click: ' + seen);
    if (seen !== 'Success') await shot('05-repository-scanning');
    await page.waitForFunction((d) => {
      const s = document.querySelector(`tr[data-digest="${d}"] [data-scan]`);
      return s && ['Success', 'Error', 'Stopped'].includes(s.dataset.scan);
    }, digest, {timeout: SCAN_TIMEOUT, polling: 500});
    check(await state.getAttribute('data-scan') === 'Success', 'the scan did not succeed: ' + await state.getAttribute('data-scan'));
    check(await page.evaluate(() => window.__sameDocument === true), 'the page reloaded to show the result');
    // The bar's counts are the API's.
    const listing = await api(`/api/v2.0/projects/${PROJECT}/repositories/${encodeURIComponent(encodeURIComponent(REPO))}`
        + `/artifacts/${digest}?with_scan_overview=true`);
    const overview = Object.values(listing.scan_overview)[0];
    check(String(overview.summary.total) === await state.getAttribute('data-total'),
        'the bar shows another total than the API: ' + JSON.stringify(overview.summary));
    for (const [severity, n] of Object.entries(overview.summary.summary)) {
      const legend = await row.locator(`.count[data-severity="${severity}"]`).textContent();
      check(legend.trim() === `${n} ${severity}`, `the legend says "${legend}" for ${n} ${severity}`);
    }
    await shot('06-repository-scanned');
  });

  await step('copy the digest', async () => {
    await page.locator(`tr[data-digest="${digest}"] button[aria-label="Copy digest"]`).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    check(copied === digest, 'the clipboard holds "' + copied + '", not the digest');
  });

  await step('open the artifact and read the finding', async () => {
    await page.click(`tr[data-digest="${digest}"] a[title="${digest}"]`);
    await page.waitForSelector('[data-vuln]');
    const row = page.locator(`tr[data-vuln="${VULN}"]`);
    check(await row.count() === 1, 'no row for ' + VULN);
    const cells = await row.locator('td').allTextContents();
    check(cells.some((c) => c.trim() === VULN_PACKAGE), `${VULN} does not name package ${VULN_PACKAGE}: ${cells}`);
    check(cells.some((c) => c.trim() === VULN_FIX), `${VULN} does not name the fix ${VULN_FIX}: ${cells}`);
    const link = await row.locator('a').first().getAttribute('href');
    check(/^https?:\/\//.test(link), VULN + ' is not linked to a reference: ' + link);
    await row.locator('.expander').click();
    await page.locator(`tr[data-vuln="${VULN}"] + tr.detail:not([hidden])`).waitFor();
    const rating = await page.locator(`tr[data-vuln="${VULN}"] + tr.detail .rating`).textContent();
    check(rating.trim() === VULN_RATING, `${VULN}'s details say "${rating}", not "${VULN_RATING}"`);
    await shot('07-artifact', true);
  });

  await step('filter by severity and by fixable', async () => {
    const all = await page.locator('tr[data-vuln]').count();
    const severity = await page.locator(`tr[data-vuln="${VULN}"]`).getAttribute('data-severity');
    await page.click(`button.chip[data-severity="${severity}"]`);
    const severities = await page.locator('tr[data-vuln]').evaluateAll((rows) => rows.map((r) => r.dataset.severity));
    check(severities.length > 0 && severities.every((s) => s === severity), 'the severity filter let through ' + severities);
    await page.click(`button.chip[data-severity="${severity}"]`);
    check(await page.locator('tr[data-vuln]').count() === all, 'clearing the severity filter did not bring every row back');
    await page.check('input[name=fixable]');
    const fixes = await page.locator('tr[data-vuln] td:last-child').allTextContents();
    check(fixes.every((f) => f.trim() && f.trim() !== 'none'), 'the fixable filter let through rows without a fix: ' + fixes);
    await shot('08-artifact-fixable');
    await page.uncheck('input[name=fixable]');
  });

  await step('read the scan job\'s log', async () => {
    await page.click('.log-panel summary');
    await page.waitForFunction(() => {
      const t = document.querySelector('pre.log').textContent;
      return t && t !== 'Loading…' && !t.startsWith('Open to read');
    });
    const log = await page.locator('pre.log').textContent();
    check(!log.startsWith('The log cannot be read') && log.length > 20, 'no scan log: ' + log);
    await page.locator('.log-panel').scrollIntoViewIfNeeded();
    await shot('09-artifact-log');
  });

  await step('make a project label and put it on the artifact', async () => {
    const artifactHash = await page.evaluate(() => location.hash);
    await page.evaluate((h) => { location.hash = h; }, '#/projects/' + encodeURIComponent(PROJECT));
    await page.click('a[data-action=project-labels]');
    await page.click('button[data-action=new-label]');
    await page.fill('#label_name', 'release-candidate');
    await page.fill('#label_description', 'ready for the release');
    await page.click('dialog button[type=submit]');
    await page.waitForSelector('tr[data-label-row="release-candidate"]');
    await shot('10-project-labels');
    await page.evaluate((h) => { location.hash = h; }, artifactHash);
    await page.waitForSelector('select[data-action=add-label]');
    const option = page.locator('select[data-action=add-label] option', {hasText: 'release-candidate'});
    await page.selectOption('select[data-action=add-label]', await option.getAttribute('value'));
    await page.waitForSelector('[data-labels] [data-label="release-candidate"]');
    const artifact = await api(`/api/v2.0/projects/${PROJECT}/repositories/${encodeURIComponent(encodeURIComponent(REPO))}/artifacts/${digest}`);
    check(artifact.labels.some((l) => l.name === 'release-candidate'), 'the label did not reach the artifact: ' + JSON.stringify(artifact.labels));
    await shot('11-artifact-labelled');
  });

  await step('generate the artifact\'s SBOM and download it', async () => {
    await page.waitForSelector('button[data-action=generate-sbom]:not([disabled])');
    await page.click('button[data-action=generate-sbom]');
    await page.waitForSelector('[data-sbom-status=Success]', {timeout: 120000});
    const href = await page.locator('a[data-sbom-download]').getAttribute('href');
    const bom = await page.evaluate(async (h) => (await fetch(h, {headers: {'X-Requested-With': 'XMLHttpRequest'}})).json(), href);
    check(bom.bomFormat === 'CycloneDX' && bom.components.some((c) => c.name === 'lodash'),
        'the downloaded SBOM is not the image\'s: ' + JSON.stringify(bom).slice(0, 300));
    await page.locator('.sbom-panel').scrollIntoViewIfNeeded();
    await shot('11-artifact-sbom');
  });

  await step('require cosign signatures in the project configuration', async () => {
    await page.evaluate((h) => { location.hash = h; }, '#/projects/' + encodeURIComponent(PROJECT));
    await page.click('a[data-action=project-configuration]');
    const cosign = page.locator('[data-setting=enable_content_trust_cosign] input[role=switch]');
    await cosign.waitFor();
    check(!(await cosign.isChecked()), 'cosign is required before anybody asked for it');
    await cosign.click();
    await page.waitForSelector('[data-setting=enable_content_trust_cosign] input[role=switch]:checked:not([disabled])');
    const project = await api(`/api/v2.0/projects/${PROJECT}`);
    check(project.metadata.enable_content_trust_cosign === 'true', 'the policy did not reach the project: ' + JSON.stringify(project.metadata));
    await shot('12-project-configuration');
    await cosign.click();
    await page.waitForSelector('[data-setting=enable_content_trust_cosign] input[role=switch]:not(:checked):not([disabled])');
  });

  await step('protect the tag, keep the latest push, dry run the retention', async () => {
    await page.evaluate((h) => { location.hash = h; }, '#/projects/' + encodeURIComponent(PROJECT));
    await page.click('a[data-action=project-policies]');
    await page.click('button[data-action=add-immutable-rule]');
    await page.fill('#imm_tags', TAG);
    await page.click('dialog button[type=submit]');
    await page.waitForSelector('tr[data-immutable-rule]');
    await page.click('button[data-action=add-retention-rule]');
    await page.selectOption('#ret_template', 'latestPushedK');
    await page.fill('#ret_count', '1');
    await page.click('dialog button[type=submit]');
    await page.waitForSelector('tr[data-retention-rule]');
    await page.click('button[data-action=dry-run]');
    await page.waitForSelector('tr[data-run]');
    for (let i = 0; i < 90 && !(await page.$('[data-run-status="Success"]')); i++) {
      await page.waitForTimeout(1000);
      await page.click('button[title=Refresh]');
      await page.waitForSelector('tr[data-run]');
    }
    await page.click('tr[data-run] button[data-action=show-run]');
    await page.waitForSelector(`tr[data-task="${PROJECT}/${REPO}"]`);
    await page.click(`tr[data-task="${PROJECT}/${REPO}"] button[data-action=show-log]`);
    await page.waitForSelector('pre[data-retention-log]:not([hidden])');
    const log = await page.locator('pre[data-retention-log]').textContent();
    check(log.includes('RETAIN ' + digest), 'the dry run log does not keep the pushed artifact: ' + log);
    await shot('12-project-policies', true);
  });

  await step('log out', async () => {
    await page.click('button[data-action=sign-out]');
    await page.waitForSelector('#principal');
    const status = await page.evaluate(async () => (await fetch('/api/v2.0/users/current', {headers: {'X-Requested-With': 'XMLHttpRequest'}})).status);
    check(status === 401, 'still signed in after log out: ' + status);
  });

  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
  check(foreign.length === 0, 'the portal fetched from outside Wharf: ' + foreign.join(', '));
}

/** GET through the signed-in page, as the portal itself would. */
async function api(pathname) {
  const r = await page.evaluate(async (p) => {
    const res = await fetch(p, {headers: {Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest'}});
    return {status: res.status, body: await res.text()};
  }, pathname);
  check(r.status === 200, `GET ${pathname}: ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

let failed = false;
try {
  await main();
  console.log('portal: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await shot('failure', true); } catch { /* the browser may be gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
