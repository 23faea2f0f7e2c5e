// Review mode (?mode=review): the badge shows, an edit (Delete, Ctrl+D on a selected card) is refused with the
// reason and changes nothing.
import { card, openApp, painted, settled } from '../lib/app.mjs';

async function texts(page) {
  return ((await painted(page))?.texts ?? []).map((t) => t.text);
}

function count(shown) {
  const line = shown.find((s) => /\d+ components?, \d+ flows?/.test(s));
  if (!line) throw new Error('no component count in the status bar');
  return line.match(/(\d+) components?, (\d+) flows?/).slice(1).join('/');
}

export const tests = [
  {
    name: 'review mode shows its badge and refuses an edit',
    async run(t) {
      await openApp(t, { query: 'mode=review' });
      let shown = await texts(t.page);
      if (!shown.includes('Review mode')) throw new Error('no "Review mode" badge');
      const before = count(shown);
      const { card: rect } = await card(t.page, 'Public ALB');
      await t.page.mouse.click(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2);
      await settled(t.page);
      await t.page.keyboard.press('Delete');
      await settled(t.page);
      shown = await texts(t.page);
      if (!shown.some((s) => s.includes('review mode: only triage and notes'))) {
        throw new Error(`no refusal shown; painted: ${shown.join(' | ').slice(0, 400)}`);
      }
      await t.page.keyboard.press('Control+d');
      await settled(t.page);
      shown = await texts(t.page);
      if (count(shown) !== before) throw new Error(`the diagram changed: ${before} -> ${count(shown)}`);
      await card(t.page, 'Public ALB');
      t.log(`components/flows before and after: ${before}`);
      await t.page.screenshot({ path: new URL('../artifacts/review-mode.png', import.meta.url).pathname });
    },
  },
];
