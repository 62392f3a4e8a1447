// A project's "Robot accounts" tab in Debian's headless chromium, as the project's admin (no system
// rights): from the project page to its robots, a robot created with the permission picker, its
// secret copied from the dialog that shows it once and working at the token service for this
// project only, then a new secret that replaces the old at once. Run by io.wharf.it.PortalE2EIT;
// exits 1 (after a screenshot) on the first thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_PROJECT');
const ROBOT = env('WHARF_ROBOT');

async function main() {
  await signIn(BASE, USER, PASSWORD);

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
}

await browserRun('project robots tab', 'project-robots-failure', main);
