// UI flow: a CSV dataset in the Datasets view and the dataset panel. A headerless Arabic MMLU-style CSV (one
// question spans two lines inside quotes) appears in the view as an mcq dataset; a click opens it read-only:
// the badge says so, save/revert are hidden, and rows are numbered by the CSV line where each record starts.
// Screenshot: dataset-csv.png.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { poll, runCommand, screenshot, sleep, tidy, webviewFrame } from '../lib/browser.mjs';

const CSV = [
  'ما عاصمة المغرب؟,الرباط,فاس,مراكش,طنجة,A',
  '"أي الكواكب أقرب إلى الشمس؟\nاختر إجابة واحدة",الأرض,عطارد,المريخ,الزهرة,B',
  'كم يوما في الأسبوع؟,خمسة,ستة,سبعة,ثمانية,C',
].join('\n') + '\n';

export default async function datasetCsvFlow(ctx) {
  const { h, page, ws, resultsDir, shots, secs } = ctx;
  writeFileSync(path.join(ws, 'exam.csv'), CSV);

  await h.test('ui: dataset panel — a CSV dataset is listed and opens read-only, rows numbered by CSV line', async (t) => {
    await tidy(page);
    const t0 = Date.now();
    await runCommand(page, 'Arabic LLM: Focus on Datasets View', { label: 'Focus on Datasets View' });
    const row = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Datasets/i }) })
      .locator('.monaco-list-row', { hasText: 'exam.csv' }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 20_000 }); // the view's file watcher
    } catch {
      await runCommand(page, 'Arabic LLM: Refresh Datasets');
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      t.note('exam.csv appeared only after Refresh Datasets');
    }
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    t.note(`Datasets view row: ${text}`);
    if (!/3 records/.test(text)) throw new Error(`expected "3 records" in the row, got ${text}`);
    await row.click();
    const frame = await webviewFrame(page, '#viewport', 60_000);
    const numbers = await poll(async () => {
      const found = await frame.$$eval('.row', (els) => els.map((e) => e.getAttribute('data-source'))).catch(() => []);
      return found.length === 3 ? found : undefined;
    }, { timeoutMs: 30_000, what: 'three rows with their CSV lines' });
    if (numbers.join(',') !== '1,2,4') throw new Error(`rows should start at CSV lines 1, 2, 4; got ${numbers.join(',')}`);
    const badge = await frame.$eval('#read-only', (e) => (e.hidden ? '' : e.textContent ?? ''));
    if (!/CSV/.test(badge)) throw new Error(`the read-only badge is not shown (got "${badge}")`);
    if (!(await frame.$eval('#save', (e) => e.hidden))) throw new Error('#save is visible on a read-only CSV');
    const cell = await frame.$eval('.row[data-line="1"] .cell', (e) => `${e.getAttribute('dir')} ${e.textContent ?? ''}`);
    if (!cell.startsWith('auto ') || !cell.includes('عطارد')) throw new Error(`second row cell: ${cell}`);
    t.note(`opened read-only ${secs(t0)} after focusing the view; badge "${badge}"`);
    await sleep(300);
    shots.push(await screenshot(page, path.join(resultsDir, 'dataset-csv.png')));
  }, { timeoutMs: 180_000 });
}
