// Proxy cache project creation in Debian's headless chromium: an administrator ticks "Proxy cache"
// in the New project dialog, picks a registry endpoint, and the project list shows the project as
// a proxy cache. Run by io.wharf.it.PortalE2EIT; exits 1 (after proxy-failure.png) on the first
// thing not as expected.
import {browserRun, check, env, page, shot, signIn} from './lib.mjs';

const BASE = env('WHARF_URL');
const USER = env('WHARF_USER');
const PASSWORD = env('WHARF_PASSWORD');
const PROJECT = env('WHARF_PROJECT');
const ENDPOINT = env('WHARF_ENDPOINT_ID');

async function main() {
  await signIn(BASE, USER, PASSWORD);

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
}

await browserRun('proxy cache project', 'proxy-failure', main);
