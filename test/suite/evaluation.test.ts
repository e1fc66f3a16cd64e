/**
 * The Results panel in the real extension host: two eval run folders written in the test by the real scoring
 * code (test/unit/evalRunFolderFixture.ts: planned requests, fixed answers, the engine's scoreEvalRun), opened by
 * `arabicLLM.showResults` with their folders; then what the host shows (one MMLU table, categories and
 * subcategories, a column per run with score ± standard error, the published reference rows), the drill-down the
 * webview asks for on load and its filter to wrong or unparsed items, and a CSV and a JSON export. Last, when the
 * runs suite left the tiny model in the workspace, `arabicLLM.evaluate` with its answers given: an eval run
 * started through the engine and the real trainer, scored by the engine, and the Results panel opened on it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResultsPanel } from '../../src/extension/evaluation/resultsPanelHost';
import { GOOD_ANSWERS, WEAK_ANSWERS, writeEvalRunFolder } from '../unit/evalRunFolderFixture';
import { parse, stringify } from 'yaml';
import type { RunInfo } from '../../src/protocol';
import { api, poll, withTimeout, workspaceFile } from './helpers';

suite('Results panel', () => {
  const base = () => workspaceFile('suite-results').fsPath;
  let panel: ResultsPanel;
  let good: { dir: string; metrics: Record<string, unknown> };
  let weak: { dir: string; metrics: Record<string, unknown> };

  suiteSetup(async () => {
    fs.rmSync(base(), { recursive: true, force: true });
    good = writeEvalRunFolder(path.join(base(), 'eval-20260101-000000-good'), '/models/sft-arabic', GOOD_ANSWERS);
    weak = writeEvalRunFolder(path.join(base(), 'eval-20260101-000001-weak'), '/models/base', WEAK_ANSWERS);
    panel = ((await api()) as unknown as { resultsPanel: ResultsPanel }).resultsPanel;
    assert.ok(panel, 'activate() exposes the Results panel');
  });

  suiteTeardown(() => {
    panel?.dispose();
    fs.rmSync(base(), { recursive: true, force: true });
  });

  test('opened by command on two eval run folders: one MMLU table, groups by depth, score ± stderr per run, published rows', async () => {
    const shown = await vscode.commands.executeCommand<string[]>('arabicLLM.showResults', [good.dir, weak.dir]);
    assert.deepEqual(shown, [good.dir, weak.dir]);
    assert.ok(panel.isOpen);
    const { tables, problems, dirs } = await panel.snapshot();
    assert.deepEqual(problems, []);
    assert.deepEqual(dirs, [good.dir, weak.dir]);
    assert.equal(tables.length, 1);
    const [table] = tables;
    assert.deepEqual(table.columns.map((c) => c.label), ['sft-arabic', 'base']);
    assert.deepEqual(table.rows.filter((r) => r.kind === 'group').map((r) => `${'  '.repeat(r.depth)}${r.name}`),
      ['STEM', '  physics', '  math', 'humanities', '  history']);
    const score = table.rows[0];
    assert.equal(score.kind, 'score');
    assert.deepEqual(score.cells.map((c) => [c?.value, c?.stderr]), [[good.metrics.score, good.metrics.stderr], [weak.metrics.score, weak.metrics.stderr]]);
    assert.deepEqual(table.reference.map((r) => `${r.model} ${r.value} ${r.split}`), ['AceGPT-13B 0.3726 test', 'AceGPT-7B 0.3036 test', 'Llama2-13B 0.3125 test', 'ChatGPT 0.4607 test']);
  });

  test('drill-down: the webview asks for the first run\'s items on load; the filter keeps wrong or unparsed ones', async () => {
    const first = await poll(async () => (await panel.snapshot()).drill, 20_000, 'the drill-down the webview asks for once it has the tables');
    assert.deepEqual([first.runId, first.filter, first.matching], [path.basename(good.dir), 'all', 16]);
    assert.deepEqual(first.counts, { all: 16, correct: 11, wrong: 3, unparsed: 2 });
    const unparsed = await panel.items(path.basename(good.dir), 'unparsed');
    assert.deepEqual(unparsed.items.map((i) => [i.task, i.id, i.response, i.extracted, i.gold, i.verdict]),
      [['college_physics', '3', 'لا أعرف', null, 'D', 'unparsed'], ['prehistory', '2', '', null, 'C', 'unparsed']]);
    assert.match(unparsed.items[0].prompt, /سؤال 4 في college_physics/);
    const notCorrect = await panel.items(path.basename(weak.dir), 'not-correct', 'abstract_algebra');
    assert.deepEqual(notCorrect.items.map((i) => [i.id, i.verdict]), [['0', 'unparsed'], ['1', 'unparsed']]);
    await assert.rejects(panel.items('no-such-run', 'all'), /no-such-run is not shown/);
  });

  test('exports: the tables as CSV (three columns per run, published rows) and as JSON', async () => {
    const csv = path.join(base(), 'results.csv');
    const json = path.join(base(), 'results.json');
    await panel.exportTo(csv, 'csv');
    await panel.exportTo(json, 'json');
    const lines = fs.readFileSync(csv, 'utf8').split('\r\n');
    assert.equal(lines[0], 'benchmark,kind,name,depth,sft-arabic,sft-arabic stderr,sft-arabic n,base,base stderr,base n');
    assert.equal(lines[1], `mmlu-ar,score,mmlu-ar,0,${good.metrics.score},${good.metrics.stderr},16,${weak.metrics.score},${weak.metrics.stderr},16`);
    assert.ok(lines.includes('mmlu-ar,"published, test split",ChatGPT,0,0.4607'));
    assert.deepEqual(JSON.parse(fs.readFileSync(json, 'utf8')).tables, JSON.parse(JSON.stringify((await panel.snapshot()).tables)));
  });

  test('a folder that is not a scored eval run is named, the others still shown', async () => {
    const empty = path.join(base(), 'not-scored');
    fs.mkdirSync(empty, { recursive: true });
    await vscode.commands.executeCommand('arabicLLM.showResults', [good.dir, empty]);
    const { tables, problems } = await panel.snapshot();
    assert.equal(tables[0].columns.length, 1);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /not-scored: no metrics\.json/);
  });

  test('Evaluate… with its answers given: an eval run through the engine, scored, then shown in the Results panel', async function () {
    this.timeout(240_000);
    const tiny = workspaceFile('.alw/models/tiny').fsPath;
    if (!fs.existsSync(path.join(tiny, 'config.json'))) this.skip(); // made by the runs suite's tiny-sft run
    await withTimeout(((await api()) as unknown as { whenEngineReady(): Promise<unknown> }).whenEngineReady(), 45_000, 'whenEngineReady()');
    const data = path.join(base(), 'mini-exams');
    fs.mkdirSync(data, { recursive: true });
    const definition = parse(fs.readFileSync(path.join(__dirname, '../../../benchmarks/exams.yaml'), 'utf8'));
    Object.assign(definition, { name: 'suite-exams', tasks: ['Physics'], grouping: { score: 'overall', groups: { Science: ['Physics'] } }, generation: { do_sample: false, max_new_tokens: 4 } });
    definition.data.splits = { test: 'test.jsonl', dev: 'dev.jsonl' }; // dev: the few-shot exemplars of a base model
    delete definition.published;
    fs.writeFileSync(path.join(data, 'suite-exams.yaml'), stringify(definition));
    const item = (n: number, answer: string) => JSON.stringify({ id: `Physics-${n}`, question: `سؤال رقم ${n}؟`, A: 'واحد', B: 'اثنان', C: 'ثلاثة', D: 'أربعة', answer });
    fs.writeFileSync(path.join(data, 'test.jsonl'), [item(0, 'A'), item(1, 'B')].join('\n') + '\n');
    fs.writeFileSync(path.join(data, 'dev.jsonl'), item(9, 'C') + '\n');
    const started = await vscode.commands.executeCommand<RunInfo[]>('arabicLLM.evaluate', {
      models: [tiny], benchmarks: [path.join(data, 'suite-exams.yaml')], data, method: 'generative', limit: 2,
    });
    assert.equal(started.length, 1, 'one run per model and benchmark');
    const [run] = started;
    assert.equal(run.stage, 'eval');
    // The command resolves once the run ended and the panel was opened on it.
    const { tables, dirs, problems } = await panel.snapshot();
    assert.deepEqual([dirs, problems], [[run.dir], []]);
    assert.deepEqual(tables.map((t) => [t.benchmark, t.columns.map((c) => c.id)]), [['suite-exams', [run.id]]]);
    const metrics = JSON.parse(fs.readFileSync(path.join(run.dir, 'metrics.json'), 'utf8'));
    assert.equal(tables[0].rows[0].cells[0]!.value, metrics.score);
    assert.equal(metrics.items, 2);
  });
});
