// The browser test runner: `node run.mjs --url http://127.0.0.1:PORT/ [--only TEXT]` against the built site
// (wasm/run-tests.sh builds, serves and calls this).
//
// Every file in tests/ exports `tests`: [{ name, run: async (t) => {...}, allowErrors?: true }]. Each test gets a
// fresh browser context (its own local storage) and `t = { page, baseUrl, errors, log }`; helpers for opening the
// app and finding what it painted are in lib/app.mjs. A test fails when it throws, takes over a minute, or when the
// page logged a console error or an uncaught exception (`t.errors`) and the test did not set `allowErrors`.
// On failure a screenshot goes to wasm/test/artifacts/.
import { readdir, mkdir } from 'node:fs/promises';
import { launch } from './lib/browser.mjs';

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const baseUrl = option('--url');
const only = option('--only');
if (!baseUrl) {
  console.error('usage: node run.mjs --url http://127.0.0.1:PORT/ [--only TEXT]');
  process.exit(2);
}
const here = new URL('.', import.meta.url);
const files = (await readdir(new URL('tests/', here))).filter((f) => f.endsWith('.mjs')).sort();
const tests = [];
for (const file of files) {
  const module = await import(new URL(`tests/${file}`, here));
  for (const test of module.tests) tests.push({ ...test, name: `${file.replace(/\.mjs$/, '')}: ${test.name}` });
}
const selected = tests.filter((t) => !only || t.name.includes(only));
let passed = 0, failed = 0;
const browser = await launch();
try {
  if (selected.length === 0) throw new Error(`no tests to run (of ${tests.length})`);
  for (const test of selected) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()} (${m.location().url || 'no location'})`);
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    const t = { page, baseUrl, errors, log: (...line) => console.log(`     ${line.join(' ')}`) };
    const started = Date.now();
    try {
      await withTimeout(test.run(t), 60_000);
      if (!test.allowErrors && errors.length > 0) throw new Error(`the page logged errors:\n  ${errors.join('\n  ')}`);
      passed++;
      console.log(`ok   ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${test.name}\n     ${String(error?.stack ?? error).replaceAll('\n', '\n     ')}`);
      if (errors.length > 0) console.log(`     page errors:\n       ${errors.join('\n       ')}`);
      await saveScreenshot(page, test.name);
    } finally {
      await context.close();
    }
  }
} catch (error) {
  failed++;
  console.log(`FAIL ${error?.stack ?? error}`);
} finally {
  await browser.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function saveScreenshot(page, name) {
  try {
    const dir = new URL('artifacts/', here);
    await mkdir(dir, { recursive: true });
    const file = new URL(`${name.replace(/[^a-z0-9]+/gi, '-')}.png`, dir);
    await page.screenshot({ path: file.pathname });
    console.log(`     screenshot: wasm/test/artifacts/${file.pathname.split('/').pop()}`);
  } catch {
    // The page may be gone (crashed or closed); the failure itself is already reported.
  }
}
