// Browser file handling and shortcuts: Ctrl+S starts a download of the diagram (a Blob, not the page), a file
// dropped on the page opens.
import { readFile } from 'node:fs/promises';
import { card, openApp, settled } from '../lib/app.mjs';

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
];
