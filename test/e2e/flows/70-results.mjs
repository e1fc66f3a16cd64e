// UI flow: evaluation results as a person sees them. A real eval run of the workspace's tiny model on a 2-task
// fixture benchmark (EXAMs format, Arabic items) is made with `alw eval run` into the workspace's runs folder (the
// engine watches it, as for `alw run`); then "Arabic LLM: Show Evaluation Results" from the palette, the run picked
// in its quick pick, the Results panel's table (score ± stderr, the group and its tasks), the drill-down filtered to
// wrong or unparsed items (every row shown has that verdict, text cells dir="auto"), and the screenshot
// results-panel.png.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { pickQuickItem, poll, runCommand, screenshot, sleep, tidy, webviewFrame } from '../lib/browser.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The mini benchmark (definition and data) under ws/e2e-eval, and the tiny model the runs flows use (made if missing). */
function prepare(ws, python) {
  const dir = path.join(ws, 'e2e-eval');
  mkdirSync(dir, { recursive: true });
  const definition = parse(readFileSync(path.join(repoRoot, 'benchmarks/exams.yaml'), 'utf8'));
  Object.assign(definition, {
    name: 'e2e-exams', tasks: ['Physics', 'Biology'], task_names_ar: { Physics: 'علم الفيزياء', Biology: 'علم الأحياء' },
    grouping: { score: 'mean-of-groups', groups: { Science: ['Physics', 'Biology'] } }, generation: { do_sample: false, max_new_tokens: 4 },
  });
  definition.data.splits = { dev: 'dev.jsonl', test: 'test.jsonl' };
  definition.prompts.few_shot.shots = 1;
  delete definition.published;
  writeFileSync(path.join(dir, 'e2e-exams.yaml'), stringify(definition));
  const item = (task, n, answer) => ({ id: `${task}-${n}`, question: `سؤال ${task} رقم ${n}: ما الجواب الصحيح؟`, A: 'واحد', B: 'اثنان', C: 'ثلاثة', D: 'أربعة', answer });
  const lines = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(path.join(dir, 'dev.jsonl'), lines([item('Physics', 90, 'A'), item('Biology', 90, 'C')]));
  writeFileSync(path.join(dir, 'test.jsonl'), lines(['A', 'B', 'C', 'D'].flatMap((a, i) => [item('Physics', i, a), item('Biology', i, a)])));
  const model = path.join(ws, '.alw', 'models', 'tiny');
  if (!existsSync(path.join(model, 'config.json'))) {
    const init = spawnSync(python, ['-m', 'alw_trainer', 'init-tiny', '--corpus', path.join(ws, 'sft.jsonl'), '--out', model], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
    if (init.status !== 0) throw new Error(`init-tiny failed: ${init.stderr}`);
  }
  return { dir, model };
}

export default async function resultsFlow(ctx) {
  const { h, page, ws, resultsDir, shots, python, secs } = ctx;
  await h.test('ui: Show Evaluation Results — eval run picked from the palette, table with ± stderr, drill-down filtered to wrong/unparsed', async (t) => {
    const { dir, model } = prepare(ws, python);
    const t0 = Date.now();
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist/alw.js'), 'eval', 'run', '--benchmark', path.join(dir, 'e2e-exams.yaml'), '--model', model,
      '--data', dir, '--split', 'test', '--limit', '4', '--runs-dir', path.join(ws, '.alw', 'runs'), '--python', python, '--json'],
    { encoding: 'utf8', cwd: ws, env: { ...process.env, HF_HUB_OFFLINE: '1' }, timeout: 240_000 });
    if (run.status !== 0) throw new Error(`alw eval run failed (${run.status}): ${run.stderr.slice(-2000)}`);
    const metrics = JSON.parse(run.stdout);
    t.note(`eval run ${metrics.run} scored ${metrics.score} ± ${metrics.stderr} in ${secs(t0)}`);

    await page.keyboard.press('Escape');
    await tidy(page);
    await runCommand(page, 'Arabic LLM: Refresh Runs');
    await sleep(500);
    await runCommand(page, 'Arabic LLM: Show Evaluation Results');
    await pickQuickItem(page, metrics.run, 30_000); // a many-pick: the click ticks it
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, '#drill-filter', 60_000);
    const scoreCell = await poll(async () => (await frame.$eval('tr[data-kind="score"] td', (e) => e.textContent ?? '').catch(() => '')) || undefined,
      { timeoutMs: 30_000, what: 'the score row of the results table' });
    const expected = `${metrics.score.toFixed(4)} ± ${metrics.stderr.toFixed(4)}`;
    if (scoreCell !== expected) throw new Error(`score cell "${scoreCell}", metrics.json says ${expected}`);
    const rowNames = await frame.$$eval('table.scores tbody th', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    for (const name of ['Science', 'Physics', 'Biology']) if (!rowNames.includes(name)) throw new Error(`no "${name}" row: ${rowNames.join(', ')}`);
    t.note(`table rows: ${rowNames.join(' | ')}`);

    const counts = await poll(async () => (await frame.$$eval('#items tbody tr', (els) => els.length)) || undefined, { timeoutMs: 20_000, what: 'the drill-down rows' });
    if (counts !== 8) throw new Error(`drill-down shows ${counts} items, the run has 8`);
    await frame.selectOption('#drill-filter', 'not-correct');
    const wrongCount = metrics.items - Object.values(metrics.tasks).reduce((sum, task) => sum + task.correct, 0);
    const verdicts = await poll(async () => {
      const shown = await frame.$$eval('#items tbody tr', (els) => els.map((e) => e.getAttribute('data-verdict')));
      return shown.length === wrongCount ? shown : undefined;
    }, { timeoutMs: 20_000, what: `${wrongCount} wrong or unparsed items after the filter` });
    if (verdicts.some((v) => v === 'correct')) throw new Error(`the filter shows correct items: ${verdicts.join(', ')}`);
    const dirs = await frame.$$eval('#items tbody td', (els) => els.map((e) => e.getAttribute('dir')));
    if (dirs.some((d) => d !== 'auto')) throw new Error('drill-down cells need dir="auto"');
    t.note(`${wrongCount} of ${metrics.items} items wrong or unparsed (${verdicts.join(', ')})`);
    await sleep(300);
    shots.push(await screenshot(page, path.join(resultsDir, 'results-panel.png')));
  }, { timeoutMs: 360_000 });
}
