// A project's "Robot accounts" tab in Debian's headless chromium, as the project's admin (no system
// rights): from the project page to its robots, a robot created with the permission picker, its
// secret copied from the dialog that shows it once and working at the token service for this
// project only, then a new secret that replaces the old at once. Run by io.wharf.it.PortalE2EIT;
// exits 1 (after a screenshot) on the first thing not as expected.
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
const ROBOT = env('WHARF_ROBOT');
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

  await page.goto(BASE + '/#/projects/' + encodeURIComponent(PROJECT));
  await page.click('[data-action=project-robots]');
  await page.click('[data-action=new-project-robot]');
  await page.fill('#robot_name', ROBOT);
  await page.check('input[name=access][value="repository:push"]');
  await page.click('dialog button[type=submit]');
  const secretCode = page.locator('[data-secret]');
  await secretCode.waitFor();
  const secret = (await secretCode.textContent()).trim();
  check(secret.length >= 8, 'no secret shown: ' + secret);
  await shot('22-project-robot-secret');
  const fullName = `robot$${PROJECT}+${ROBOT}`;
  const tokenFor = async (s) => {
    const auth = 'Basic ' + Buffer.from(fullName + ':' + s).toString('base64');
    return fetch(`${BASE}/service/token?service=wharf-registry&scope=repository:${PROJECT}/app:pull,push`, {headers: {Authorization: auth}});
  };
  const token = await tokenFor(secret);
  check(token.status === 200, 'the copied secret does not sign in: ' + token.status);
  const granted = JSON.parse(Buffer.from((await token.json()).token.split('.')[1], 'base64url').toString());
  check(JSON.stringify(granted.access).includes('"pull","push"'), 'the picked permissions were not granted: ' + JSON.stringify(granted.access));
  await page.click('dialog button[type=submit]');

  const row = page.locator(`tr[data-robot-row="${fullName}"]`);
  await row.waitFor();
  page.once('dialog', (d) => d.accept());
  await row.locator('[data-action=refresh-secret]').click();
  const fresh = page.locator('[data-secret]');
  await page.waitForFunction((old) => {
    const el = document.querySelector('[data-secret]');
    return el && el.textContent.trim() && el.textContent.trim() !== old;
  }, secret);
  const newSecret = (await fresh.textContent()).trim();
  await shot('23-project-robot-refreshed');
  check((await tokenFor(secret)).status === 401, 'the old secret still signs in');
  check((await tokenFor(newSecret)).status === 200, 'the new secret does not sign in');
  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('project robots tab: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await page.screenshot({path: path.join(SHOTS, 'project-robots-failure.png'), fullPage: true}); } catch { /* gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
