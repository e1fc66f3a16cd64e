// UI flow: the Datasets view and the dataset panel as a person uses them. Open sft.jsonl from the Datasets view,
// search it normalization-insensitively (اكبر finds أكبر), edit the first record in place, save, and check on disk
// that only that line changed; then the Statistics tab draws its charts. Screenshots: dataset-panel.png,
// dataset-stats.png; another writer under pending edits: refused save, reload, a conflict dropped (dataset-conflict.png).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { poll, runCommand, screenshot, tidy, webviewFrame } from '../lib/browser.mjs';

export default async function datasetPanelFlow(ctx) {
  const { h, page, ws, resultsDir, shots, secs } = ctx;
  const file = path.join(ws, 'sft.jsonl');
  const before = readFileSync(file, 'utf8');
  let frame;

  const opened = await h.test('ui: dataset panel — the Datasets view lists sft.jsonl with its counts; a click opens the panel', async (t) => {
    await tidy(page);
    const t0 = Date.now();
    await runCommand(page, 'Arabic LLM: Focus on Datasets View', { label: 'Focus on Datasets View' });
    const row = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Datasets/i }) })
      .locator('.monaco-list-row', { hasText: 'sft.jsonl' }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    t.note(`Datasets view row: ${text}`);
    if (!/24 records · 4 problems/.test(text)) throw new Error(`expected "24 records · 4 problems" in the row, got ${text}`);
    await row.click();
    frame = await webviewFrame(page, '#viewport', 60_000);
    await poll(async () => ((await frame.$eval('.row[data-line="0"] .cell', (e) => e.textContent ?? '').catch(() => '')).includes('"messages"') ? true : undefined),
      { timeoutMs: 30_000, what: 'the first record in the panel' });
    const cellDir = await frame.$eval('.row[data-line="0"] .cell', (e) => e.getAttribute('dir'));
    if (cellDir !== 'auto') throw new Error(`row cells must have dir="auto", got ${cellDir}`);
    t.note(`panel with rows ${secs(t0)} after the click`);
  }, { timeoutMs: 150_000 });
  if (!opened) return;

  await h.test('ui: dataset panel — normalized search, edit a record, save: only that line changes on disk', async (t) => {
    await frame.selectOption('#search-mode', 'normalized');
    await frame.fill('#search', 'اكبر مدنها');
    await frame.press('#search', 'Enter');
    const count = await poll(async () => {
      const n = await frame.$eval('#search-count', (e) => e.getAttribute('data-count')).catch(() => null);
      return n === null ? undefined : Number(n);
    }, { timeoutMs: 20_000, what: 'a search result count' });
    if (count !== 1) throw new Error(`expected 1 match for اكبر مدنها (the file has أكبر مدنها on line 1), got ${count}`);
    await poll(async () => ((await frame.$('.row.selected[data-line="0"]')) ? true : undefined), { timeoutMs: 10_000, what: 'the match selected' });

    const lines = before.split('\n');
    const edited = JSON.stringify({ ...JSON.parse(lines[0]), source: 'e2e تعديل' });
    await frame.focus('#viewport');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('#editor', { state: 'visible', timeout: 10_000 });
    await frame.fill('#editor', '{"messages": [');
    await frame.click('#accept');
    const error = await frame.$eval('#edit-error', (e) => e.textContent ?? '');
    if (!error) throw new Error('invalid JSON was accepted without an error');
    await frame.fill('#editor', edited);
    await frame.click('#accept');
    await poll(async () => ((await frame.$eval('#pending', (e) => e.getAttribute('data-count'))) === '1' ? true : undefined),
      { timeoutMs: 5000, what: 'one pending change' });
    shots.push(await screenshot(page, path.join(resultsDir, 'dataset-panel.png')));
    await frame.click('#save');
    const after = await poll(() => {
      const now = readFileSync(file, 'utf8');
      return now !== before ? now : undefined;
    }, { timeoutMs: 20_000, what: 'sft.jsonl saved' });
    const expected = [edited, ...lines.slice(1)].join('\n');
    if (after !== expected) throw new Error('the file on disk differs from the original in more than the edited line');
    await poll(async () => ((await frame.$eval('#pending', (e) => e.getAttribute('data-count'))) === '0' ? true : undefined),
      { timeoutMs: 10_000, what: 'no pending change after the save' });
    t.note(`saved; the ${lines.filter(Boolean).length - 1} other records are byte-identical`);
  }, { timeoutMs: 120_000 });

  await h.test('ui: dataset panel — another writer changes the file under pending edits: Save is refused, Reload moves the deletion, the changed line is a conflict', async (t) => {
    const saved = readFileSync(file, 'utf8');
    const lines = saved.split('\n');
    // Pending: delete line 3, edit line 4.
    await frame.click('.row[data-line="2"]');
    await frame.focus('#viewport');
    await page.keyboard.press('Delete');
    await frame.click('.row[data-line="3"]');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('#editor', { state: 'visible', timeout: 10_000 });
    await frame.fill('#editor', JSON.stringify({ ...JSON.parse(lines[3]), source: 'e2e' }));
    await frame.click('#accept');
    await poll(async () => ((await frame.$eval('#pending', (e) => e.getAttribute('data-count'))) === '2' ? true : undefined),
      { timeoutMs: 5000, what: 'two pending changes' });
    // Meanwhile a script inserts a record at the top and rewrites what was line 4.
    const outside = [JSON.stringify({ messages: [{ role: 'user', content: 'سطر جديد في الأعلى' }, { role: 'assistant', content: 'نعم' }] }),
      ...lines.slice(0, 3), JSON.stringify({ ...JSON.parse(lines[3]), source: 'كاتب آخر' }), ...lines.slice(4)].join('\n');
    writeFileSync(file, outside);
    // The panel may already have seen the change (Save then disabled); otherwise the engine refuses the save.
    await frame.click('#save', { timeout: 3000 }).catch(() => {});
    await frame.waitForSelector('#changed', { state: 'visible', timeout: 20_000 });
    if (readFileSync(file, 'utf8') !== outside) throw new Error('the refused save wrote to the file');
    t.note(`refused: ${(await frame.$eval('#changed-text', (e) => e.textContent ?? '')).slice(0, 80)}`);
    await frame.click('#reload');
    await poll(async () => ((await frame.$eval('#conflicts', (e) => e.getAttribute('data-count')).catch(() => null)) === '1' ? true : undefined),
      { timeoutMs: 20_000, what: 'one conflict after the reload' });
    const pending = await frame.$eval('#pending', (e) => e.getAttribute('data-count'));
    if (pending !== '1') throw new Error(`the deletion should follow its line: ${pending} pending`);
    shots.push(await screenshot(page, path.join(resultsDir, 'dataset-conflict.png')));
    await frame.click('.conflict-drop');
    await poll(async () => (!(await frame.$eval('#save', (e) => e.disabled)) ? true : undefined), { timeoutMs: 5000, what: 'Save enabled' });
    await frame.click('#save');
    const expected = [outside.split('\n')[0], ...outside.split('\n').slice(1).filter((_, i) => i !== 2)].join('\n');
    await poll(() => (readFileSync(file, 'utf8') === expected ? true : undefined), { timeoutMs: 20_000, what: 'the deletion saved where its line moved' });
    t.note('saved: the deleted record is the one the user deleted (now line 4); the other writer\'s lines are kept');
  }, { timeoutMs: 120_000 });

  await h.test('ui: dataset panel — the Statistics tab draws its charts', async () => {
    await frame.click('#stats-tab');
    await poll(async () => (Number(await frame.$eval('canvas[data-stat="characters"]', (e) => e.getAttribute('data-bars') ?? 0)) > 0 ? true : undefined),
      { timeoutMs: 30_000, what: 'the characters histogram' });
    const summary = await frame.$eval('#stats-summary', (e) => e.textContent ?? '');
    if (!/23 records/.test(summary)) throw new Error(`statistics summary: ${summary}`);
    shots.push(await screenshot(page, path.join(resultsDir, 'dataset-stats.png')));
  }, { timeoutMs: 60_000 });
}
