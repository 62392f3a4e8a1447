// The portal's Authentication page as an administrator from the LDAP admin group uses it, in Debian's
// headless chromium driven by playwright-core: sign in with the directory password, see the LDAP
// settings, test the connection, find an LDAP group by name and add it to a project. Run by
// io.wharf.it.LdapAuthE2EIT, which starts the directory and passes what it arranged in the environment. Exits 1 (after a
// screenshot named ldap-failure.png) on the first thing that is not as expected.
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
const LDAP_URL = env('WHARF_LDAP_URL');
const GROUP_DN = env('WHARF_GROUP_DN');
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
  await page.screenshot({path: path.join(SHOTS, name + '.png'), fullPage: true});
}

async function main() {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: {width: 1440, height: 1000},
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
  console.log('ok  a directory user signs in to the portal');

  await page.click('a[href="#/authentication"]');
  await page.waitForFunction(() => location.hash === '#/authentication');
  await page.waitForSelector('form[data-form=authentication]', {timeout: 60000});
  check(await page.inputValue('#auth_mode') === 'ldap_auth', 'the page does not show LDAP mode');
  check(await page.inputValue('#ldap_url') === LDAP_URL, 'the page does not show the LDAP URL');
  check(await page.inputValue('#ldap_search_password') === '', 'the bind password reached the page');
  await page.click('[data-action=test-ldap]');
  await page.waitForFunction(() => /Connection (OK|failed)/.test(document.querySelector('[data-ping-result]').textContent));
  const pinged = await page.textContent('[data-ping-result]');
  check(pinged.startsWith('Connection OK'), 'test connection: ' + pinged);
  await shot('ldap-01-authentication');
  console.log('ok  the settings are shown and the connection tested');

  await page.fill('#gm_project', PROJECT);
  // The group is found in the directory by its name; choosing it fills in its DN.
  await page.fill('#gm_search', 'devs');
  await page.click('[data-action=search-ldap-groups]');
  await page.click('[data-group-result="devs"]');
  check((await page.inputValue('#gm_dn')).toLowerCase() === GROUP_DN.toLowerCase(), 'the found group did not fill in its DN: ' + await page.inputValue('#gm_dn'));
  await page.selectOption('#gm_role', '3');
  await page.click('[data-action=add-group-member]');
  await page.waitForSelector('.toast-success');
  await page.waitForSelector('tr[data-group-row="devs"]');
  await shot('ldap-02-group-added');
  console.log('ok  an LDAP group is added to a project');
  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('ldap portal: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try {
      // Where the page was and what it said: the screenshot stays on the machine that ran the test.
      console.error('at ' + page.url() + ':\n' + (await page.innerText('body')).slice(0, 1500));
      await shot('ldap-failure');
    } catch { /* the browser may be gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
