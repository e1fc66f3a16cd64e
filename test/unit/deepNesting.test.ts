/**
 * Records nested thousands of levels deep (found by the fuzz suite): the checks, `alw validate`, dedup and the
 * JSONL reader used to die with "Maximum call stack size exceeded"; now they finish, and a line too deep for
 * the position tree is an unreadable record with a clear message instead of a crash.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { diagnoseDataset } from '../../src/core/diagnostics/diagnoseDataset';
import { parseJsonLine, TOO_DEEP } from '../../src/core/formats/jsonLine';
import { validateFile } from '../../src/engine/datasets/validateFile';
import { readRecords } from '../../src/engine/formats/readRecords';
import { runCuration } from '../../src/engine/curation/runner';
import { jsonlLines, tempDir, testContext } from './curateTexts';

const deep = (levels: number) => '{"a":'.repeat(levels) + '"نص"' + '}'.repeat(levels);
const TEXT = ['{"text":"أول"}', '{"text":"ثان"}', deep(20_000), deep(20_000)].join('\n') + '\n';

test('a 20,000-level record among text records: the checker and alw validate finish and name the copy', async () => {
  const diagnosis = diagnoseDataset(TEXT);
  assert.equal(diagnosis.kind, 'pretrain');
  assert.equal(diagnosis.records, 4);
  const file = path.join(tempDir(), 'deep.jsonl');
  writeFileSync(file, TEXT);
  const problems: string[] = [];
  const result = await validateFile(file, (p) => problems.push(`${p.range.start.line + 1}:${p.code}`));
  assert.equal(result.records, 4);
  assert.ok(problems.includes('4:ALW015'), `the second deep record is a copy of the first: ${problems}`);
});

test('dedup keeps one of two 20,000-level copies; the JSONL reader calls a line too deep for it unreadable', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'deep.jsonl');
  writeFileSync(input, TEXT);
  const result = await runCuration({ operation: 'dedup', inputs: [input], output: path.join(dir, 'out.jsonl'), options: {} }, testContext().context);
  assert.deepEqual([result.report.records, result.report.kept, result.report.removed], [4, 3, 1]);
  assert.deepEqual(jsonlLines(path.join(dir, 'out.jsonl')), TEXT.split('\n').slice(0, 3));
  assert.deepEqual(parseJsonLine(deep(20_000)), { ok: false, message: TOO_DEEP, column: 0 });
  assert.equal(parseJsonLine('[' + '['.repeat(20_000)).ok, false, 'an unclosed deep line is a syntax error, not a crash');
  const read = [];
  for await (const record of readRecords(input)) read.push(record.error?.message ?? 'record');
  assert.deepEqual(read, ['record', 'record', TOO_DEEP, TOO_DEEP]);
});

test('a JSON file whose record is nested 20,000 levels: alw validate says so instead of overflowing the stack', async () => {
  const file = path.join(tempDir(), 'deep.json');
  writeFileSync(file, `[${deep(20_000)}]`);
  await assert.rejects(validateFile(file, () => {}), (error: Error) => !(error instanceof RangeError) && error.message === `${file}: a record is nested too deeply (thousands of levels) to be read`);
});
