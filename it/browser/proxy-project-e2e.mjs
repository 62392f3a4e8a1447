// Proxy cache project creation in Debian's headless chromium: an administrator ticks "Proxy cache"
// in the New project dialog, picks a registry endpoint, and the project list shows the project as
// a proxy cache. Run by io.wharf.it.PortalE2EIT; exits 1 (after proxy-failure.png) on the first
// thing not as expected.
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
const ENDPOINT = env('WHARF_ENDPOINT_ID');
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

  await page.goto(BASE + '/#/projects');
  await page.click('[data-action=new-project]');
  await page.fill('#project_name', PROJECT);
  await page.check('input[name=proxy_cache]');
  await page.selectOption('#registry_id', ENDPOINT);
  await shot('30-proxy-project-dialog');
  await page.click('dialog button[type=submit]');
  await page.waitForSelector('.toast-success >> text=proxy cache');
  await page.goto(BASE + '/#/projects?name=' + PROJECT);
  await page.waitForSelector(`tr[data-project="${PROJECT}"] >> text=Proxy Cache`);
  await shot('31-proxy-project-listed');
  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('proxy cache project: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await page.screenshot({path: path.join(SHOTS, 'proxy-failure.png'), fullPage: true}); } catch { /* gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
