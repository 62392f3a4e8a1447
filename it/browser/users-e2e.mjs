// The Users page (Administration) in Debian's headless chromium: an administrator disables a user,
// the row shows Disabled and the user's password no longer signs in; enabled again, it does. Run
// by io.wharf.it.PortalE2EIT; exits 1 (after failure.png) on the first thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const TARGET = env('WHARF_TARGET_USER');
const TARGET_PASSWORD = env('WHARF_TARGET_PASSWORD');

async function signsIn() {
  const auth = 'Basic ' + Buffer.from(TARGET + ':' + TARGET_PASSWORD).toString('base64');
  return (await fetch(`${BASE}/api/v2.0/users/current`, {headers: {Authorization: auth}})).status;
}

async function main() {
  await signIn(BASE, USER, PASSWORD);
  await page.goto(BASE + '/#/projects');
  await page.click('nav a[href="#/users"]');
  // Many users may exist: the filter finds this one.
  await page.fill('input[name=username]', TARGET);
  await page.press('input[name=username]', 'Enter');
  const row = page.locator(`tr[data-user-row="${TARGET}"]`);
  // The unfiltered list may draw the row before the filtered one replaces it: wait for the row's status, not
  // only the row.
  const shownEnabled = await row.locator('[data-user-status=enabled]').waitFor({timeout: 20000}).then(() => true, () => false);
  check(shownEnabled, 'the user is not shown enabled');

  page.on('dialog', (d) => d.accept());
  await row.locator('[data-action=disable-user]').click();
  await page.waitForSelector(`tr[data-user-row="${TARGET}"] [data-user-status=disabled]`);
  await shot('30-user-disabled');
  check(await signsIn() === 401, 'a disabled user still signs in');

  await page.locator(`tr[data-user-row="${TARGET}"] [data-action=enable-user]`).click();
  await page.waitForSelector(`tr[data-user-row="${TARGET}"] [data-user-status=enabled]`);
  check(await signsIn() === 200, 'an enabled user does not sign in');
}

await browserRun('users page', 'users-failure', main);
