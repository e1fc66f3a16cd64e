import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { diagnoseDataset, type DatasetProblem } from '../../src/core/diagnostics/diagnoseDataset';
import { validateFile } from '../../src/engine/datasets/validateFile';

const root = path.resolve(__dirname, '../../..');

async function streamed(file: string): Promise<DatasetProblem[]> {
  const problems: DatasetProblem[] = [];
  await validateFile(file, (p) => problems.push(p));
  return problems;
}

test('streaming validation finds what the editor finds, duplicates across batches included', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 45_000; i++) lines.push(JSON.stringify({ text: `النص رقم ${i} من مجموعة التدريب` }));
  lines[3] = '  ' + JSON.stringify({ text: 'نصٌّ مكرّر عبر الدفعات' });
  lines[44_000] = JSON.stringify({ text: 'نص مكرر عبر الدفعات' }); // the same after "match" normalization
  lines[30_000] = '{"text": "مكسور"';
  lines[25_000] = '';
  lines[21_000] = '{"text": ""}';
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'alw-validate-')), 'big.jsonl');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const expected = diagnoseDataset(readFileSync(file, 'utf8')).problems;
  assert.deepEqual((await streamed(file)).map(strip), expected.map(strip));
  assert.deepEqual(expected.map((p) => [p.range.start.line, p.code]), [[21_000, 'ALW004'], [30_000, 'ALW001'], [44_000, 'ALW015']]);
  assert.deepEqual(expected[2].related?.range.start, { line: 3, character: 2 });
});

test('the samples validate the same streamed as whole', async () => {
  for (const name of ['sft.jsonl', 'pretrain.jsonl', 'preferences.jsonl']) {
    const file = path.join(root, 'samples', name);
    assert.deepEqual((await streamed(file)).map(strip), diagnoseDataset(readFileSync(file, 'utf8')).problems.map(strip), name);
  }
});

function strip(p: DatasetProblem) {
  return JSON.parse(JSON.stringify(p));
}
