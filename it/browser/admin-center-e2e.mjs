// Liberty's Admin Center in Debian's headless chromium, driven by playwright-core: the batch
// administrator signs in, opens the Java Batch tool, finds a scan's job instance, opens its
// execution and reads the steps' statuses. Prints them as one line "STEPS <json>" for
// io.wharf.it.AdminCenterE2EIT, which compares them with the batch REST API.
import {chromium} from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error('missing environment variable ' + name);
  return v;
};
const BASE = env('WHARF_HTTPS_URL');
const USER = env('BATCH_USER');
const PASSWORD = env('BATCH_PASSWORD');
const INSTANCE = env('BATCH_INSTANCE');
const EXECUTION = env('BATCH_EXECUTION');
const SHOTS = env('WHARF_SCREENSHOTS');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

fs.mkdirSync(SHOTS, {recursive: true});
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
let page;

async function shot(name) {
  const file = path.join(SHOTS, name + '.png');
  await page.screenshot({path: file, fullPage: true});
  console.log('screenshot ' + file);
}

async function step(name, fn) {
  const started = Date.now();
  await fn();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
}

async function main() {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true, // Liberty's self-signed certificate
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: {width: 1440, height: 900},
  });
  try {
    page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(120000); // Admin Center's first load compiles a lot of JavaScript on a busy machine
    await step('sign in to Admin Center as the batch administrator', async () => {
      await page.goto(BASE + '/adminCenter/');
      await page.waitForSelector('#j_username');
      await page.fill('#j_username', USER);
      await page.fill('#j_password', PASSWORD);
      await page.click('#loginButton');
      await page.waitForURL((u) => !u.pathname.endsWith('login.jsp'));
      // The toolbox draws its tools a while after the page loads, and their icons after that.
      await page.getByText('Java Batch', {exact: true}).first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot('ac-01-toolbox');
    });
    await step('find the scan\'s job instance in the Java Batch tool', async () => {
      await page.goto(BASE + '/ibm/adminCenter/javaBatch-1.0/#javaBatch/?jobName=image-scan');
      const row = page.locator(`#jobInstanceGrid .gridxRow[rowid="${INSTANCE}"]`).first();
      await row.waitFor();
      const text = await row.innerText();
      if (!text.includes('image-scan')) throw new Error('instance ' + INSTANCE + ' is not an image-scan: ' + text);
      // The instance's executions open under it ("detail on demand"): its expander is the row's first cell.
      const link = page.locator(`a[title="View job execution ${EXECUTION} details"]`);
      for (let attempt = 1; ; attempt++) {
        await row.hover();
        const box = await row.locator('.gridxDodExpando').boundingBox();
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        try {
          await link.waitFor({timeout: 15000});
          break;
        } catch (e) {
          // The grid drops a click that lands while it is still rendering: try again.
          if (attempt === 4) {
            await shot('ac-02-failed');
            throw e;
          }
        }
      }
      await shot('ac-02-java-batch-instances');
    });
    await step('open the execution and read its steps', async () => {
      await page.click(`a[title="View job execution ${EXECUTION} details"]`);
      await page.waitForSelector('#stepsDetailGrid .gridxRow');
      const steps = await page.$$eval('#stepsDetailGrid .gridxRow', (rows) => rows.map((r) => ({
        name: r.querySelector('[colid=stepName]').innerText.trim(),
        status: r.querySelector('[colid=batchStatus]').innerText.trim(),
      })));
      await shot('ac-03-execution-steps');
      console.log('STEPS ' + JSON.stringify(steps));
    });
  } finally {
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
