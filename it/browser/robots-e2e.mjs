// The Robot Accounts page in Debian's headless chromium: an administrator creates a project robot
// with the permission picker, copies its secret from the dialog that shows it once, the secret
// works at the token service, and the robot is disabled from the list. Run by
// io.wharf.it.PortalE2EIT; exits 1 (after failure.png) on the first thing not as expected.
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
    permissions: ['clipboard-read', 'clipboard-write'],
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

  await page.goto(BASE + '/#/robots');
  await page.click('[data-action=new-robot]');
  await page.fill('#robot_name', ROBOT);
  await page.fill('#robot_project', PROJECT);
  await page.check('input[name=access][value="repository:push"]');
  await page.click('dialog button[type=submit]');
  const secretCode = page.locator('[data-secret]');
  await secretCode.waitFor();
  const secret = (await secretCode.textContent()).trim();
  check(secret.length >= 8, 'no secret shown: ' + secret);
  await shot('20-robot-secret');
  const fullName = `robot$${PROJECT}+${ROBOT}`;
  const auth = 'Basic ' + Buffer.from(fullName + ':' + secret).toString('base64');
  const token = await fetch(`${BASE}/service/token?service=wharf-registry&scope=repository:${PROJECT}/app:pull,push`, {headers: {Authorization: auth}});
  check(token.status === 200, 'the copied secret does not sign in: ' + token.status);
  const granted = JSON.parse(Buffer.from((await token.json()).token.split('.')[1], 'base64url').toString());
  check(JSON.stringify(granted.access).includes('"pull","push"'), 'the picked permissions were not granted: ' + JSON.stringify(granted.access));
  await page.click('dialog button[type=submit]');

  const row = page.locator(`tr[data-robot-row="${fullName}"]`);
  await row.waitFor();
  await row.locator('[data-action=toggle-robot]').click();
  await page.waitForSelector('.toast-success');
  await page.waitForSelector(`tr[data-robot-row="${fullName}"] >> text=Disabled`);
  await shot('21-robot-disabled');
  const refused = await fetch(`${BASE}/service/token?service=wharf-registry&scope=repository:${PROJECT}/app:pull`, {headers: {Authorization: auth}});
  check(refused.status === 401, 'a disabled robot still signs in: ' + refused.status);
  check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
}

let failed = false;
try {
  await main();
  console.log('robots page: all steps passed');
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (page) {
    try { await page.screenshot({path: path.join(SHOTS, 'robots-failure.png'), fullPage: true}); } catch { /* gone */ }
  }
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(profile, {recursive: true, force: true});
}
process.exit(failed ? 1 : 0);
