// What the browser scripts of the end-to-end tests share: their settings from the environment, a
// headless Debian chromium with a throw-away profile, signing in, screenshots, and one exit code
// (0 when every step passed; 1 after a full-page screenshot of where the first one failed).
import {chromium} from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A setting the Java test passes in the environment; a missing one is the test's mistake. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error('missing environment variable ' + name);
  return v;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

const SHOTS = env('WHARF_SCREENSHOTS');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Live bindings: set by browserRun before the steps start.
export let page;
export let context;
/** Errors the pages threw; a run with any fails. */
export const pageErrors = [];

export async function shot(name) {
  await page.screenshot({path: path.join(SHOTS, name + '.png')});
}

/** Signs in on the portal's sign-in page and waits for the signed-in header. */
export async function signIn(base, user, password) {
  await page.goto(base + '/');
  await page.waitForSelector('#principal');
  await page.fill('#principal', user);
  await page.fill('#password', password);
  await page.click('#log_in');
  await page.waitForSelector(`[data-user="${user}"]`);
}

/** Runs the steps in a fresh chromium, says how it went, and exits the process with its code. */
export async function browserRun(title, failureShot, steps) {
  fs.mkdirSync(SHOTS, {recursive: true});
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
  let failed = false;
  try {
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
    await steps();
    check(pageErrors.length === 0, 'the pages threw: ' + pageErrors.join('; '));
    console.log(title + ': all steps passed');
  } catch (e) {
    failed = true;
    console.error('FAILED: ' + (e && e.stack ? e.stack : e));
    if (page) {
      try {
        // Where the page was and what it said: the screenshot stays on the machine that ran the test.
        console.error('at ' + page.url() + ':\n' + (await page.innerText('body')).slice(0, 1500));
        await page.screenshot({path: path.join(SHOTS, failureShot + '.png'), fullPage: true});
      } catch { /* gone */ }
    }
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, {recursive: true, force: true});
  }
  process.exit(failed ? 1 : 0);
}
