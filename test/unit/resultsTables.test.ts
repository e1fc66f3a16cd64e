/**
 * Issue 11, "In the editor": the Results panel's pure parts on eval run folders written by the real scoring code
 * (evalRunFolderFixture.ts): the per-benchmark tables (score, MMLU categories and subcategories, tasks; a column per
 * run, score ± standard error), the published reference rows, the per-item drill-down and its filter, the exports.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { tablesCsv, tablesJson } from '../../src/core/evaluation/resultsExport';
import { filterItems, itemCounts, promptsByRequest, resultItems } from '../../src/core/evaluation/resultsItems';
import { formatCell, parseMetrics, referenceRows, resultsTables, type ResultsRun } from '../../src/core/evaluation/resultsTables';
import { GOOD_ANSWERS, WEAK_ANSWERS, writeEvalRunFolder } from './evalRunFolderFixture';

const root = path.resolve(__dirname, '../../..');
const base = mkdtempSync(path.join(tmpdir(), 'alw-results-'));
const good = writeEvalRunFolder(path.join(base, 'eval-good'), '/models/sft-arabic', GOOD_ANSWERS);
const weak = writeEvalRunFolder(path.join(base, 'eval-weak'), '/models/base', WEAK_ANSWERS);
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const runOf = (dir: string, label: string): ResultsRun => ({ id: path.basename(dir), label, metrics: parseMetrics(read(dir, 'metrics.json'), 'metrics.json') });
const published = parse(readFileSync(path.join(root, 'benchmarks/mmlu-ar.yaml'), 'utf8')).published;

test('one table per benchmark: score, then groups depth first (category, subcategory), then tasks; a column per run', () => {
  const [table, ...others] = resultsTables([runOf(good.dir, 'sft-arabic'), runOf(weak.dir, 'base')]);
  assert.equal(others.length, 0);
  assert.equal(table.benchmark, 'mmlu-ar');
  assert.deepEqual(table.columns.map((c) => [c.id, c.label, c.split]), [['eval-good', 'sft-arabic', 'test'], ['eval-weak', 'base', 'test']]);
  assert.deepEqual(table.rows.map((r) => [r.kind, r.name, r.depth]), [
    ['score', 'mmlu-ar', 0],
    ['group', 'STEM', 0], ['group', 'physics', 1], ['group', 'math', 1], ['group', 'humanities', 0], ['group', 'history', 1],
    ['task', 'abstract_algebra', 0], ['task', 'astronomy', 0], ['task', 'college_physics', 0], ['task', 'prehistory', 0],
  ]);
  const value = (key: string) => table.rows.find((r) => r.key === key)!.cells.map((c) => c?.value);
  // Good: astronomy 4/4, college_physics 2/4, abstract_algebra 3/4, prehistory 2/4 → physics .75, math .75, history .5.
  assert.deepEqual(value('score'), [0.625, 0.6875]); // weak: STEM (.25 + .5) / 2, humanities 1
  assert.deepEqual(value('group:physics'), [0.75, 0.25]);
  assert.deepEqual(value('task:prehistory'), [0.5, 1]);
  const metrics = good.metrics as { stderr: number; tasks: Record<string, { stderr: number; unparsed: number }> };
  const score = table.rows[0].cells[0]!;
  assert.equal(score.stderr, metrics.stderr);
  assert.ok(score.stderr! > 0);
  assert.equal(table.rows.find((r) => r.key === 'task:college_physics')!.cells[0]!.unparsed, 1);
  assert.equal(formatCell(score), `0.6250 ± ${metrics.stderr.toFixed(4)}`);
});

test('runs of other benchmarks get their own table; a row a run lacks is an empty cell', () => {
  const other: ResultsRun = { id: 'eval-exams', label: 'x', metrics: { benchmark: 'exams', metric: 'accuracy', score: 0.5, tasks: { Physics: { n: 2, accuracy: 0.5 } } } };
  const partial: ResultsRun = { id: 'eval-part', label: 'p', metrics: { benchmark: 'mmlu-ar', metric: 'accuracy', score: 1, tasks: { astronomy: { n: 4, accuracy: 1 } } } };
  const tables = resultsTables([runOf(good.dir, 'g'), other, partial]);
  assert.deepEqual(tables.map((t) => [t.benchmark, t.columns.map((c) => c.id)]), [['mmlu-ar', ['eval-good', 'eval-part']], ['exams', ['eval-exams']]]);
  const mmlu = tables[0];
  assert.equal(mmlu.rows.find((r) => r.key === 'group:STEM')!.cells[1], null);
  assert.equal(mmlu.rows.find((r) => r.key === 'task:astronomy')!.cells[1]!.value, 1);
  assert.equal(formatCell(null), '');
});

test('published reference rows: the definition\'s numbers as fractions, labelled with their split, apart from the runs', () => {
  const [table] = resultsTables([runOf(good.dir, 'g')], (name) => (name === 'mmlu-ar' ? published : undefined));
  assert.deepEqual(table.reference.map((r) => [r.model, r.value, r.split]), [
    ['AceGPT-13B', 0.3726, 'test'], ['AceGPT-7B', 0.3036, 'test'], ['Llama2-13B', 0.3125, 'test'], ['ChatGPT', 0.4607, 'test'],
  ]);
  assert.match(table.reference[0].note!, /not comparable with dev-split/);
  assert.ok(table.rows.every((r) => r.cells.length === 1), 'no reference column among the runs');
  assert.deepEqual(referenceRows(undefined), []);
});

test('drill-down: every item with its question, answer, extraction, gold and verdict; the filters keep wrong or unparsed ones', () => {
  const items = resultItems(read(good.dir, 'predictions.jsonl'), 'predictions.jsonl', promptsByRequest(read(good.dir, 'requests.jsonl'), 'requests.jsonl'));
  assert.equal(items.length, 16);
  assert.deepEqual(itemCounts(items), { all: 16, correct: 11, wrong: 3, unparsed: 2 });
  assert.deepEqual(filterItems(items, 'unparsed').map((i) => [i.task, i.id, i.response, i.extracted]), [['college_physics', '3', 'لا أعرف', null], ['prehistory', '2', '', null]]);
  assert.deepEqual(filterItems(items, 'wrong').map((i) => [i.task, i.id, i.extracted, i.gold]), [['abstract_algebra', '1', 'C', 'B'], ['college_physics', '2', 'A', 'C'], ['prehistory', '0', 'B', 'A']]);
  assert.equal(filterItems(items, 'not-correct').length, 5);
  assert.equal(filterItems(items, 'all', 'astronomy').length, 4);
  assert.match(items[0].prompt, /سؤال 1 في abstract_algebra: ما الجواب؟[\s\S]*A\. الأول/);
  assert.equal(items[0].verdict, 'correct');
});

test('bad input is named at FILE:LINE:COLUMN or FILE', () => {
  assert.throws(() => resultItems('{"task":"a","id":"1"}\n{oops\n', 'p.jsonl', new Map()), /^Error: p\.jsonl:2:1: invalid JSON/);
  assert.throws(() => resultItems('{"id":"1"}\n', 'p.jsonl', new Map()), /p\.jsonl:1:1: a prediction needs "task" and "id"/);
  assert.throws(() => parseMetrics('{"score":1}', 'm.json'), /m\.json: no "benchmark" name/);
  assert.throws(() => parseMetrics('[', 'm.json'), /m\.json: invalid JSON/);
});

test('exports: CSV with three columns per run and the published rows; JSON with the tables as shown', () => {
  const tables = resultsTables([runOf(good.dir, 'sft, arabic "v2"'), runOf(weak.dir, 'base')], () => published);
  const csv = tablesCsv(tables).split('\r\n');
  assert.equal(csv[0], 'benchmark,kind,name,depth,"sft, arabic ""v2""","sft, arabic ""v2"" stderr","sft, arabic ""v2"" n",base,base stderr,base n');
  const stderr = (good.metrics as { stderr: number }).stderr;
  const weakStderr = (weak.metrics as { stderr: number }).stderr;
  assert.equal(csv[1], `mmlu-ar,score,mmlu-ar,0,0.625,${stderr},16,0.6875,${weakStderr},16`);
  assert.equal(csv[3], 'mmlu-ar,group,physics,1,0.75,' + tables[0].rows[2].cells[0]!.stderr + ',8,0.25,' + tables[0].rows[2].cells[1]!.stderr + ',8');
  assert.ok(csv.includes('mmlu-ar,"published, test split",AceGPT-13B,0,0.3726'));
  assert.equal(csv.at(-1), '');
  assert.deepEqual(JSON.parse(tablesJson(tables)).tables, JSON.parse(JSON.stringify(tables)));
});
