// Browser file handling and shortcuts: Ctrl+S starts a download of the diagram (a Blob, not the page), a file
// dropped on the page opens, File > Export PNG downloads a picture rendered in the page.
import { readFile } from 'node:fs/promises';
import { card, openApp, painted, settled } from '../lib/app.mjs';
import { decodePng } from '../lib/png.mjs';

async function clickText(page, text) {
  const found = ((await painted(page))?.texts ?? []).find((t) => t.text === text);
  if (!found) throw new Error(`nothing painted reads "${text}"`);
  const [x, y, w, h] = found.rect;
  await page.mouse.click(x + w / 2, y + h / 2);
  await settled(page);
}

export const tests = [
  {
    name: 'Ctrl+S downloads the diagram, not the page',
    async run(t) {
      await openApp(t);
      const { card: rect } = await card(t.page, 'Public ALB');
      await t.page.mouse.click(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2);
      await settled(t.page);
      const download = t.page.waitForEvent('download', { timeout: 10_000 });
      await t.page.keyboard.press('Control+s');
      const file = await download;
      if (!file.url().startsWith('blob:')) throw new Error(`not a Blob download: ${file.url()}`);
      const json = JSON.parse(await readFile(await file.path(), 'utf8'));
      if (json.format !== 'trustmap') throw new Error('the download is not a trustmap diagram');
      t.log(`downloaded ${file.suggestedFilename()} with ${json.components.length} components`);
    },
  },
  {
    name: 'a file dropped on the page opens',
    async run(t) {
      await openApp(t);
      const json = await readFile(new URL('../../../samples/pattern-queue.json', import.meta.url), 'utf8');
      await t.page.evaluate((text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'queue.json', { type: 'application/json' }));
        const canvas = document.getElementById('the_canvas_id');
        for (const type of ['dragover', 'drop']) {
          canvas.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: 800, clientY: 500 }));
        }
      }, json);
      await t.page.waitForFunction(() => (document.documentElement.getAttribute('data-trustmap-test') ?? '').includes('Payments worker'), null, { timeout: 15_000 });
      await settled(t.page);
      await card(t.page, 'Payments worker');
    },
  },
  {
    // The PNG is rendered in the wasm (resvg and tiny-skia, built with SIMD like the rest), not by the browser.
    name: 'File > Export PNG downloads a picture of the diagram',
    async run(t) {
      await openApp(t);
      await clickText(t.page, 'File');
      await clickText(t.page, 'Export PNG…');
      const download = t.page.waitForEvent('download', { timeout: 30_000 });
      await clickText(t.page, 'Export PNG picture…');
      const file = await download;
      if (!file.url().startsWith('blob:')) throw new Error(`not a Blob download: ${file.url()}`);
      // Kept to look at: the text is glyph outlines drawn by trustmap, which no pixel count here checks.
      await file.saveAs(new URL('../artifacts/export.png', import.meta.url).pathname);
      const image = decodePng(await readFile(await file.path()));
      const background = image.pixel(1, 1);
      let differing = 0, sampled = 0;
      for (let y = 0; y < image.height; y += 4) {
        for (let x = 0; x < image.width; x += 4) {
          sampled++;
          if (image.pixel(x, y).some((v, i) => Math.abs(v - background[i]) > 30)) differing++;
        }
      }
      const share = (100 * differing / sampled).toFixed(0);
      t.log(`${file.suggestedFilename()}: ${image.width} x ${image.height}, ${share} % of sampled pixels differ from the background`);
      if (image.width < 200 || image.height < 200) throw new Error(`a picture of ${image.width} x ${image.height}`);
      if (differing < 0.02 * sampled) throw new Error('the picture is blank');
    },
  },
];
