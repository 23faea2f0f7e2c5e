// Start-up: the app starts cleanly and draws the default sample; every way start-up can fail ends in a visible
// message, never a silent blank page. (Share links, review mode and editing get their own files here, using
// openApp(t, { hash }) / openApp(t, { query: 'mode=review' }) and expectStartupError from lib/app.mjs.)
import { card, expectStartupError, firstFrameMs, openApp, screenshot, shareDiffering } from '../lib/app.mjs';

// Three cards of the default sample (samples/shop-eks-ec2.json): an entry point, a store and an actor. The scene
// wraps long names into lines, so each is matched by a line painted on its own ("Orders DB (PostgreSQL)" paints
// as "Orders DB" over "(PostgreSQL)").
const CARDS = ['Public ALB', 'Orders DB', 'Customers'];

export const tests = [
  {
    name: 'starts without a panic or console error and draws three named cards',
    async run(t) {
      await openApp(t);
      const image = await screenshot(t.page);
      for (const name of CARDS) {
        const { card: rect, clip } = await card(t.page, name);
        const background = image.pixel(clip[0] + 3, clip[1] + 3);
        const inView = rect[0] >= clip[0] && rect[1] >= clip[1] && rect[0] + rect[2] <= clip[0] + clip[2]
          && rect[1] + rect[3] <= clip[1] + clip[3];
        if (!inView) throw new Error(`"${name}" is not inside the canvas: ${rect} vs ${clip}`);
        if (rect[2] * rect[3] > 0.25 * clip[2] * clip[3]) throw new Error(`no card of its own around "${name}": ${rect}`);
        const share = shareDiffering(image, rect, background);
        t.log(`"${name}" at [${rect.map(Math.round)}]: ${(share * 100).toFixed(0)} % of its pixels differ from the background rgb(${background})`);
        if (share < 0.02) throw new Error(`"${name}" does not show on the canvas (${(share * 100).toFixed(1)} % differ)`);
      }
      const ms = await firstFrameMs(t.page);
      if (ms === null) throw new Error('the app set no performance mark "first-frame"');
      t.log(`first frame ${Math.round(ms)} ms after navigation start (a measurement, not a limit)`);
    },
  },
  {
    name: 'a wasm file that does not load shows the error text',
    allowErrors: true,
    async run(t) {
      await t.page.route('**/trustmap_bg.wasm', (route) =>
        route.fulfill({ status: 200, contentType: 'application/wasm', body: 'this is not WebAssembly' }));
      const message = await expectStartupError(t);
      if (!/could not load/.test(message)) throw new Error(`unexpected message: ${message}`);
      t.log(`message: ${message}`);
    },
  },
  {
    name: 'a browser without WebAssembly SIMD is told so instead of getting a compile error',
    allowErrors: true,
    async run(t) {
      // As in a browser without SIMD: the page's probe module (a SIMD instruction) does not validate.
      await t.page.addInitScript(() => {
        const validate = WebAssembly.validate;
        WebAssembly.validate = (bytes) => (bytes.length < 64 ? false : validate(bytes));
      });
      let wasmRequested = false;
      t.page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasmRequested = true; });
      const message = await expectStartupError(t);
      if (!/could not load: this browser does not support WebAssembly SIMD/.test(message)) {
        throw new Error(`unexpected message: ${message}`);
      }
      if (wasmRequested) throw new Error('the page still fetched the wasm');
      t.log(`message: ${message}`);
    },
  },
  {
    name: 'a page without the canvas shows the app\'s start-up error',
    allowErrors: true,
    async run(t) {
      await t.page.route('**/index.html*', async (route) => {
        const page = await (await route.fetch()).text();
        route.fulfill({ contentType: 'text/html', body: page.replace(/<canvas[^>]*><\/canvas>/, '') });
      });
      const message = await expectStartupError(t);
      if (!/could not start: the page has no canvas/.test(message)) throw new Error(`unexpected message: ${message}`);
    },
  },
  {
    name: 'a panic shows the error text instead of a frozen canvas',
    allowErrors: true,
    async run(t) {
      const message = await expectStartupError(t, { query: 'test-panic' });
      if (!/internal error[\s\S]*test-panic/.test(message)) throw new Error(`unexpected message: ${message}`);
      if (!t.errors.some((e) => e.includes('test-panic'))) throw new Error('the panic was not logged to the console');
    },
  },
];
