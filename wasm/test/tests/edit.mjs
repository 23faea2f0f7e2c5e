// Editing in the browser: a bundled sample opens from the File menu, a component added from the palette shows in
// the diagram, and Ctrl+Z takes it away again.
import { card, openApp, painted, settled } from '../lib/app.mjs';

async function texts(page) {
  return ((await painted(page))?.texts ?? []).map((t) => t.text);
}

/// Clicks the painted text `text` (the leftmost one: the palette's, not a card's kind line), then waits for the
/// app to settle.
async function clickText(page, text) {
  const found = ((await painted(page))?.texts ?? [])
    .filter((t) => t.text === text)
    .sort((a, b) => a.rect[0] - b.rect[0])[0];
  if (!found) throw new Error(`nothing painted reads "${text}"; painted: ${(await texts(page)).join(' | ').slice(0, 400)}`);
  const [x, y, w, h] = found.rect;
  await page.mouse.click(x + w / 2, y + h / 2);
  await settled(page);
}

/// Components and flows as the status bar says them: [components, flows].
async function counts(page) {
  const line = (await texts(page)).find((s) => /\d+ components?, \d+ flows?/.test(s));
  if (!line) throw new Error('no component count in the status bar');
  return line.match(/(\d+) components?, (\d+) flows?/).slice(1).map(Number);
}

/// How many painted texts read exactly `text`.
async function occurrences(page, text) {
  return (await texts(page)).filter((s) => s === text).length;
}

export const tests = [
  {
    name: 'a sample opens from the menu; a component added from the palette is undone by Ctrl+Z',
    async run(t) {
      await openApp(t);
      await clickText(t.page, 'File');
      await clickText(t.page, 'Open sample');
      await clickText(t.page, 'Pattern: message queue between contexts');
      // The sample's cards are drawn and the default one's are gone.
      for (const name of ['Payments worker', 'Payments table', 'Orders service']) await card(t.page, name);
      if ((await texts(t.page)).some((s) => s === 'Public ALB')) throw new Error('the default sample is still shown');
      const [components, flows] = await counts(t.page);
      t.log(`sample: ${components} components, ${flows} flows`);

      // The palette's entry adds a queue in the middle of the view; its card carries the kind's name.
      const queuesBefore = await occurrences(t.page, 'SQS queue');
      await clickText(t.page, 'SQS queue');
      const [added] = await counts(t.page);
      if (added !== components + 1) throw new Error(`adding from the palette: ${components} -> ${added} components`);
      if ((await occurrences(t.page, 'SQS queue')) <= queuesBefore) throw new Error('no new "SQS queue" card is drawn');

      // Undo, with the canvas focused as a user would have it after clicking the palette.
      await t.page.keyboard.press('Control+z');
      await settled(t.page);
      const [undone, flowsAfter] = await counts(t.page);
      if (undone !== components || flowsAfter !== flows) {
        throw new Error(`after Ctrl+Z: ${undone} components, ${flowsAfter} flows (expected ${components}, ${flows})`);
      }
      if ((await occurrences(t.page, 'SQS queue')) !== queuesBefore) throw new Error('the added card is still drawn');
      await card(t.page, 'Payments worker');
      await t.page.screenshot({ path: new URL('../artifacts/edit-undo.png', import.meta.url).pathname });
    },
  },
];
