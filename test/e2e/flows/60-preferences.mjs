// UI flow: preference review as a person does it. preferences.jsonl open, "Arabic LLM: Review Preferences" opens
// the panel blind (no score, no verdict shown); pressing 1 labels the pair (the journal under .alw/labels gets a
// line at once) and reveals the reward-model scores; j then 2 labels the next pair, u takes it back (a retraction
// line); the Agreement tab lists the raters. Screenshot: preference-panel.png.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { poll, quickOpen, runCommand, screenshot, sleep, tidy, webviewFrame } from '../lib/browser.mjs';

export default async function preferencesFlow(ctx) {
  const { h, page, ws, resultsDir, shots, secs, rewardModel, rewardDir } = ctx;
  const journal = path.join(ws, '.alw', 'labels', 'preferences.labels.jsonl');
  const journalLines = () => (existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  await h.test('ui: preference review — blind pair, keyboard labels written to the journal at once, undo, agreement tab', async (t) => {
    const model = await rewardModel.catch(() => undefined);
    if (model && !existsSync(path.join(rewardDir, 'model.onnx'))) cpSync(model.dir, rewardDir, { recursive: true });
    await page.keyboard.press('Escape');
    await tidy(page);
    await quickOpen(page, 'preferences.jsonl');
    const t0 = Date.now();
    await runCommand(page, 'Arabic LLM: Review Preferences');
    const frame = await webviewFrame(page, '#choose-a', 60_000);
    await poll(async () => ((await frame.$eval('#progress', (e) => e.getAttribute('data-labelled')).catch(() => null)) === '0' ? true : undefined),
      { timeoutMs: 30_000, what: 'the panel with 0 labelled pairs' });
    const blind = await frame.$$eval('.column .score', (els) => els.map((e) => e.getAttribute('data-score') ?? ''));
    if (blind.some(Boolean)) throw new Error(`blind review shows scores before the choice: ${blind.join(', ')}`);
    const dirs = await frame.$$eval('.column .body .text, #prompt-block .text', (els) => els.map((e) => e.getAttribute('dir')));
    if (dirs.length < 3 || dirs.some((d) => d !== 'auto')) throw new Error(`text blocks need dir="auto": ${dirs.join(', ')}`);
    t.note(`panel open ${secs(t0)} after the command`);

    await frame.click('#prompt-block');
    await page.keyboard.press('1');
    const first = await poll(() => (journalLines().length === 1 ? journalLines()[0] : undefined), { timeoutMs: 10_000, what: 'one line in the labels journal' });
    if (!['first', 'second'].includes(first.choice) || !/^[0-9a-f]{64}$/.test(first.pair) || first.blind !== true) throw new Error(`journal line: ${JSON.stringify(first)}`);
    await poll(async () => ((await frame.$eval('#progress', (e) => e.getAttribute('data-labelled'))) === '1' ? true : undefined), { timeoutMs: 10_000, what: '1 labelled pair' });
    if (model) {
      const scores = await poll(async () => {
        const s = await frame.$$eval('.column .score', (els) => els.map((e) => e.getAttribute('data-score') ?? ''));
        return s.every((x) => x && Number.isFinite(Number(x))) ? s : undefined;
      }, { timeoutMs: 60_000, what: 'both reward-model scores shown after the choice' });
      t.note(`scores after the choice: ${scores.join(', ')}`);
    } else {
      t.note('no reward model: scores not checked');
    }
    await sleep(300);
    shots.push(await screenshot(page, path.join(resultsDir, 'preference-panel.png')));

    await page.keyboard.press('j');
    await page.keyboard.press('2');
    await poll(() => (journalLines().length === 2 ? true : undefined), { timeoutMs: 10_000, what: 'a second journal line' });
    await page.keyboard.press('u');
    const lines = await poll(() => (journalLines().length === 3 ? journalLines() : undefined), { timeoutMs: 10_000, what: 'a retraction line' });
    if (lines[2].retracted !== true || lines[2].pair !== lines[1].pair) throw new Error(`undo should append a retraction of pair 2: ${JSON.stringify(lines[2])}`);
    await poll(async () => ((await frame.$eval('#progress', (e) => e.getAttribute('data-labelled'))) === '1' ? true : undefined), { timeoutMs: 10_000, what: '1 labelled pair after undo' });

    await frame.click('#agreement-tab');
    // Without a judge report the raters are the reward model and the annotator: no row without the model.
    const rows = await poll(async () => {
      const heads = await frame.$$eval('#agreement-table thead th', (els) => els.length);
      const r = await frame.$$eval('#agreement-table tbody tr', (els) => els.map((e) => e.getAttribute('data-raters')));
      return heads && (r.length || !model) ? r : undefined;
    }, { timeoutMs: 120_000, what: 'the agreement table' });
    t.note(`agreement rows: ${rows.join('; ')}`);
    if (model && !rows.some((r) => r?.includes('reward-model'))) throw new Error(`no reward-model row: ${rows.join('; ')}`);
  }, { timeoutMs: 600_000 });
}
