// Share links: a link made outside the app opens that diagram (pixels inside named cards); "Copy link" in the app
// makes a link that carries the open diagram; a corrupt link shows the message over an empty diagram; a link
// never discards autosaved work.
import { readFile } from 'node:fs/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { card, openApp, painted, screenshot, settled, shareDiffering } from '../lib/app.mjs';

const sample = new URL('../../../samples/pattern-queue.json', import.meta.url);

/// The fragment trustmap makes for `json` (src/io/share.rs): d= + base64url of raw deflate of the compact JSON.
function fragmentOf(json) {
  return 'd=' + deflateRawSync(Buffer.from(JSON.stringify(JSON.parse(json))), { level: 9 }).toString('base64url');
}

/// Clicks the painted text `text` (the first one, by position), then waits for the app to settle.
async function clickText(page, text) {
  const frame = await painted(page);
  const found = (frame?.texts ?? []).find((t) => t.text === text);
  if (!found) throw new Error(`nothing painted reads "${text}"`);
  const [x, y, w, h] = found.rect;
  await page.mouse.click(x + w / 2, y + h / 2);
  await settled(page);
}

async function texts(page) {
  return ((await painted(page))?.texts ?? []).map((t) => t.text);
}

export const tests = [
  {
    name: 'a share link opens its diagram: three named cards are drawn',
    async run(t) {
      const fragment = fragmentOf(await readFile(sample, 'utf8'));
      t.log(`link fragment ${fragment.length} bytes`);
      await openApp(t, { hash: fragment });
      const image = await screenshot(t.page);
      for (const name of ['Payments worker', 'Payments table', 'Orders service']) {
        const { card: rect, clip } = await card(t.page, name);
        const background = image.pixel(clip[0] + 3, clip[1] + 3);
        const share = shareDiffering(image, rect, background);
        if (share < 0.02) throw new Error(`"${name}" does not show (${(share * 100).toFixed(1)} % differ)`);
      }
      if ((await texts(t.page)).some((s) => s.includes('Shop on EKS'))) throw new Error('the default sample opened');
      await t.page.screenshot({ path: new URL('../artifacts/share-link.png', import.meta.url).pathname });
    },
  },
  {
    name: 'Copy link in the File menu shows a link that carries the open diagram',
    async run(t) {
      await openApp(t);
      await clickText(t.page, 'File');
      await clickText(t.page, 'Copy link');
      const link = (await texts(t.page)).find((s) => s.includes('#d='));
      if (!link) throw new Error(`no link shown; painted: ${(await texts(t.page)).join(' | ').slice(0, 400)}`);
      if (!link.startsWith(new URL('index.html', t.baseUrl).href)) throw new Error(`not this page's address: ${link}`);
      const json = JSON.parse(inflateRawSync(Buffer.from(link.split('#d=')[1], 'base64url')).toString('utf8'));
      if (json.format !== 'trustmap' || json.components.length < 5) throw new Error('the link holds no diagram');
      t.log(`link ${link.length} bytes for ${json.components.length} components`);
      // The same link opened in the page shows the same diagram.
      await t.page.goto(link);
      await t.page.reload();
      await t.page.waitForSelector('#loading_text', { state: 'detached', timeout: 60_000 });
      await settled(t.page);
      await card(t.page, 'Public ALB');
    },
  },
  {
    name: 'a corrupt link shows the reason over an empty diagram',
    async run(t) {
      await openApp(t, { hash: 'd=this-is-not*a-diagram' });
      const shown = await texts(t.page);
      if (!shown.some((s) => s.includes('Nothing could be opened from this link'))) {
        throw new Error(`no message; painted: ${shown.join(' | ').slice(0, 400)}`);
      }
      if (!shown.some((s) => s.includes('damaged'))) throw new Error('the reason is not shown');
      if (!shown.some((s) => s.includes('0 components'))) throw new Error('the diagram is not empty');
    },
  },
  {
    name: 'a share link keeps autosaved work: offered, kept for later, still stored',
    async run(t) {
      const saved = await readFile(new URL('../../../samples/pattern-sync-rest.json', import.meta.url), 'utf8');
      await t.page.addInitScript((json) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem('trustmap-recovery', json);
          localStorage.setItem('trustmap-recovery-source', 'untitled');
          sessionStorage.setItem('seeded', '1');
        }
      }, saved);
      await openApp(t, { hash: fragmentOf(await readFile(sample, 'utf8')) });
      await clickText(t.page, 'Keep it for later');
      await card(t.page, 'Payments worker');
      const stored = await t.page.evaluate(() => localStorage.getItem('trustmap-recovery'));
      if (stored !== saved) throw new Error('the autosaved diagram was not kept');
    },
  },
];
