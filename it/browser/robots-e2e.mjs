// The Robot Accounts page in Debian's headless chromium: an administrator creates a project robot
// with the permission picker, copies its secret from the dialog that shows it once, the secret
// works at the token service, and the robot is disabled from the list. Run by
// io.wharf.it.PortalE2EIT; exits 1 (after failure.png) on the first thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_PROJECT');
const ROBOT = env('WHARF_ROBOT');

async function main() {
  await signIn(BASE, USER, PASSWORD);

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
}

await browserRun('robots page', 'robots-failure', main);
