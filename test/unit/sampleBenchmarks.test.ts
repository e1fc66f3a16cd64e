/**
 * The tiny benchmark samples `alw demo` evaluates (samples/benchmarks): the definition is valid against the
 * schema, and every item's id, task and gold answer resolve — the gold answers as responses score 1 through
 * `alw eval score --data samples/benchmarks`, for the EXAMs-format demo-mcq and for the ACVA-format yes/no set.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const data = path.join(root, 'samples/benchmarks');
const dir = mkdtempSync(path.join(tmpdir(), 'alw-sample-bench-'));
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });
const records = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; answer: string });

/** `alw eval score` of predictions that answer every test item with `answerOf(gold)`. */
function scoreAnswering(benchmark: string, split: string, answerOf: (gold: string) => string) {
  const predictions = path.join(dir, `${path.basename(benchmark, '.yaml')}.jsonl`);
  writeFileSync(predictions, records(path.join(data, split)).map((r) => JSON.stringify({ id: r.id, response: answerOf(r.answer) })).join('\n') + '\n');
  const result = alw('eval', 'score', '--benchmark', benchmark, '--predictions', predictions, '--data', data, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { score: number; items: number; tasks: Record<string, { n: number }> };
}

test('samples/benchmarks/demo-mcq.yaml is a valid benchmark definition', () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'schemas/benchmark.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(parse(readFileSync(path.join(data, 'demo-mcq.yaml'), 'utf8'))), JSON.stringify(validate.errors));
});

test('demo-mcq: the gold letters score 1 in both tasks, a wrong letter 0', () => {
  const gold = scoreAnswering(path.join(data, 'demo-mcq.yaml'), 'demo-mcq/test.jsonl', (answer) => `إجابة: ${answer}`);
  assert.equal(gold.score, 1);
  assert.deepEqual(Object.fromEntries(Object.entries(gold.tasks).map(([task, t]) => [task, t.n])), { Geography: 5, Science: 5 });
  const wrong = scoreAnswering(path.join(data, 'demo-mcq.yaml'), 'demo-mcq/test.jsonl', (answer) => (answer === 'A' ? 'B' : 'A'));
  assert.equal(wrong.score, 0);
});

test('the ACVA-format yes/no sample: the gold labels give macro-F1 1 under the shipped acva definition', () => {
  const items = records(path.join(data, 'acva/test.jsonl'));
  assert.ok(items.some((r) => r.answer === 'نعم') && items.some((r) => r.answer === 'لا'), 'both classes');
  const gold = scoreAnswering('acva', 'acva/test.jsonl', (answer) => answer);
  assert.equal(gold.score, 1);
  assert.deepEqual(Object.keys(gold.tasks).sort(), ['Egypt', 'Morocco']);
  assert.equal(gold.items, items.length);
});
