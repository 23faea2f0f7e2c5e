// Helpers for driving the app in a page: open it, wait for it to settle, find what it painted (through the test
// hook, see src/ui/web/hook.rs), look at pixels, expect a start-up error.
import { decodePng } from './png.mjs';

/// Opens the app with the test hook on. `query` adds URL parameters (e.g. 'mode=review'); `hash` sets the
/// fragment (share links). Resolves once the app runs; throws with the page's message if it could not start.
export async function openApp(t, { query = '', hash = '' } = {}) {
  await t.page.goto(appUrl(t, { query, hash }));
  await t.page.waitForSelector('#loading_text', { state: 'detached', timeout: 60_000 });
  if (await t.page.isVisible('#error_text')) {
    throw new Error(`the app did not start: ${await t.page.textContent('#error_text')}`);
  }
  await settled(t.page);
}

export function appUrl(t, { query = '', hash = '' } = {}) {
  const url = new URL('index.html', t.baseUrl);
  url.search = ['test-hook', query].filter(Boolean).join('&');
  url.hash = hash;
  return url.href;
}

/// Opens the page expecting start-up to fail: resolves with the text of the visible error message.
export async function expectStartupError(t, { query = '', hash = '' } = {}) {
  await t.page.goto(appUrl(t, { query, hash }));
  await t.page.waitForSelector('#error_text', { state: 'visible', timeout: 60_000 });
  return t.page.textContent('#error_text');
}

/// What the app painted in its last frame (the hook's JSON), or null before its first frame.
export async function painted(page) {
  const json = await page.evaluate(() => document.documentElement.getAttribute('data-trustmap-test'));
  return json === null ? null : JSON.parse(json);
}

/// Waits until the painted frame has stayed the same for `quietMs` (egui repaints only on events and animations).
export async function settled(page, { quietMs = 400, timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = null, since = Date.now();
  for (;;) {
    const now = JSON.stringify(await painted(page));
    if (now !== last) { last = now; since = Date.now(); }
    else if (now !== 'null' && Date.now() - since >= quietMs) return JSON.parse(now);
    if (Date.now() > deadline) throw new Error('the app did not settle (or painted nothing) in time');
    await page.waitForTimeout(50);
  }
}

/// The card painted around the text `name`, in CSS pixels: { label, card, clip } as [x, y, w, h]. Throws when
/// the name is not painted exactly once, or is painted without a card around it.
export async function card(page, name) {
  const frame = await painted(page);
  const matches = (frame?.texts ?? []).filter((t) => t.text === name);
  if (matches.length !== 1) throw new Error(`expected one painted "${name}", found ${matches.length}`);
  const [found] = matches;
  if (!found.card) throw new Error(`"${name}" is painted without a card around it`);
  const scale = frame.pixels_per_point / (await page.evaluate(() => window.devicePixelRatio));
  const css = (r) => r.map((v) => v * scale);
  return { label: css(found.rect), card: css(found.card), clip: css(found.clip) };
}

/// A screenshot of the viewport as pixels: { width, height, pixel(x, y) -> [r, g, b] }.
export async function screenshot(page) {
  return decodePng(await page.screenshot({ type: 'png' }));
}

/// The share of pixels inside `rect` (inset by `inset`) whose colour differs clearly from `reference`.
export function shareDiffering(image, [x, y, w, h], reference, { inset = 1, threshold = 30 } = {}) {
  let differing = 0, total = 0;
  for (let py = Math.ceil(y + inset); py < Math.floor(y + h - inset); py++) {
    for (let px = Math.ceil(x + inset); px < Math.floor(x + w - inset); px++) {
      const [r, g, b] = image.pixel(px, py);
      total++;
      if (Math.abs(r - reference[0]) + Math.abs(g - reference[1]) + Math.abs(b - reference[2]) >= threshold) differing++;
    }
  }
  if (total === 0) throw new Error(`empty rectangle ${JSON.stringify([x, y, w, h])}`);
  return differing / total;
}

/// Milliseconds from navigation start to the app's first frame (`performance.mark('first-frame')`).
export async function firstFrameMs(page) {
  return page.evaluate(() => performance.getEntriesByName('first-frame')[0]?.startTime ?? null);
}
