/**
 * One line with 150,000 zero-width spaces (found by the fuzz suite): the checker collected its problems with
 * push(...problems), and that many arguments overflowed the stack; the editor and `alw validate` got a
 * RangeError instead of diagnostics.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { diagnoseDataset } from '../../src/core/diagnostics/diagnoseDataset';
import { validateFile } from '../../src/engine/datasets/validateFile';
import { tempDir } from './curateTexts';

const TEXT = JSON.stringify({ text: 'نص' }) + '\n' + JSON.stringify({ text: '\u200B'.repeat(150_000) }) + '\n';

test('a line with 150,000 zero-width characters is checked, every problem on that line', async () => {
  const diagnosis = diagnoseDataset(TEXT);
  assert.equal(diagnosis.records, 2);
  assert.ok(diagnosis.problems.length > 0 && diagnosis.problems.every((p) => p.range.start.line === 1), 'problems on line 2');
  const file = path.join(tempDir(), 'zw.jsonl');
  writeFileSync(file, TEXT);
  let reported = 0;
  const result = await validateFile(file, () => reported++);
  assert.equal(result.records, 2);
  assert.equal(reported, diagnosis.problems.length);
});
