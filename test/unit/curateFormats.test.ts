/**
 * Curation operations read every dataset format, not only JSONL: a CSV (with a quoted newline and a row with
 * the wrong number of fields), a Parquet file and a JSON array go through filter, dedup, normalize and split;
 * problems name the source line; an output named *.parquet is written as Parquet; a .csv output is refused.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCuration } from '../../src/engine/curation/runner';
import { readRecords } from '../../src/engine/formats/readRecords';
import { writeRecords } from '../../src/engine/formats/writeRecords';
import { ARABIC_PARAGRAPH, tempDir, testContext } from './curateTexts';

const LENIENT = { minWords: 1, minStopWords: 0, minLinePunctuationRatio: null, maxNewlineRatio: null };

async function recordsOf(file: string): Promise<Array<Record<string, unknown>>> {
  const records = [];
  for await (const source of readRecords(file)) records.push(source.record!);
  return records;
}

function csvFile(dir: string): string {
  const file = path.join(dir, 'data.csv');
  writeFileSync(file, [
    'text,source',
    `"${ARABIC_PARAGRAPH}",ويب`,
    '"سطر أول\nوسطر ثان في الحقل نفسه.",ويب', // lines 3-4: a quoted newline
    `"${ARABIC_PARAGRAPH}",ويب`, // line 5: a duplicate of line 2
    'حقل واحد فقط', // line 6: one field, not two
    '"جملة عربية قصيرة عن الكتب والمكتبات.",كتاب',
  ].join('\r\n') + '\r\n');
  return file;
}

test('dedup of a CSV: duplicates dropped, the broken row named by its CSV line, output JSONL', async () => {
  const dir = tempDir();
  const input = csvFile(dir);
  const output = path.join(dir, 'deduped.jsonl');
  const result = await runCuration({ operation: 'dedup', inputs: [input], output }, testContext().context);
  assert.equal(result.report.invalid, 1);
  assert.deepEqual(result.report.invalidLines, [`${input}:6:1: expected 2 fields, found 1`]);
  assert.equal(result.report.removed, 1);
  const kept = readFileSync(output, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(kept.map((r) => r.text), [ARABIC_PARAGRAPH, 'سطر أول\nوسطر ثان في الحقل نفسه.', 'جملة عربية قصيرة عن الكتب والمكتبات.']);
  assert.deepEqual(kept[0], { text: ARABIC_PARAGRAPH, source: 'ويب' });
});

test('filter of a Parquet file into a Parquet output: the kept records read back equal', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'data.parquet');
  const records = [
    { text: ARABIC_PARAGRAPH, id: 1 },
    { text: 'buy now buy now buy now', id: 2 },
    { text: ARABIC_PARAGRAPH.replace('العربية', 'الفصحى'), id: 3 },
  ];
  await writeRecords(input, (async function* () { yield* records; })(), { columns: ['text', 'id'] });
  const output = path.join(dir, 'kept.parquet');
  const { context, progress } = testContext();
  const result = await runCuration({ operation: 'filter', inputs: [input], output, options: LENIENT }, context);
  assert.equal(result.report.records, 3);
  assert.equal(result.report.kept, 2);
  assert.deepEqual(result.outputs, [output]);
  assert.deepEqual(await recordsOf(output), [records[0], records[2]]);
  assert.ok(progress.length > 0, 'progress reported');
  assert.deepEqual(readdirSync(dir).sort(), ['data.parquet', 'kept.parquet'], 'no temporary file left');
});

test('normalize of a JSON array writes JSONL with the safe profile applied; split of it seeds two parts', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'data.json');
  writeFileSync(input, JSON.stringify({ data: [{ text: 'كتــاب فارسی' }, { text: 'بلا تغيير' }, 7] }));
  const output = path.join(dir, 'normalized.jsonl');
  const result = await runCuration({ operation: 'normalize', inputs: [input], output }, testContext().context);
  assert.deepEqual(result.report, { records: 2, changed: 1, broken: 1, brokenLines: [`${input}:1:55: a record must be a JSON object`] });
  assert.deepEqual(readFileSync(output, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)), [{ text: 'كتاب فارسي' }, { text: 'بلا تغيير' }]);

  const parts = path.join(dir, 'parts');
  const split = await runCuration({ operation: 'split', inputs: [input], output: parts, options: { ratios: '0.5:0.5', seed: 1 } }, testContext().context);
  const lines = split.outputs.flatMap((file) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean) : []));
  assert.equal(lines.length, 2);
});

test('a curation output named .csv or .json is refused before anything runs', async () => {
  const dir = tempDir();
  const input = csvFile(dir);
  await assert.rejects(runCuration({ operation: 'dedup', inputs: [input], output: path.join(dir, 'out.csv') }, testContext().context), /writes \.jsonl or \.parquet/);
  assert.deepEqual(readdirSync(dir), ['data.csv']);
});

test('a file with another extension is read as JSONL, as before other formats were read (dedup and normalize)', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'data.txt');
  writeFileSync(input, '{"text": "كتــاب"}\n{"text": "كتــاب"}\n{"text": "قلم"}\n');
  const dedup = await runCuration({ operation: 'dedup', inputs: [input], output: path.join(dir, 'unique.jsonl') }, testContext().context);
  assert.equal(readFileSync(dedup.outputs[0], 'utf8'), '{"text": "كتــاب"}\n{"text": "قلم"}\n');
  const normalized = path.join(dir, 'normalized.jsonl');
  const result = await runCuration({ operation: 'normalize', inputs: [input], output: normalized }, testContext().context);
  assert.equal(result.report.changed, 2);
  assert.equal(readFileSync(normalized, 'utf8').split('\n')[2], '{"text": "قلم"}', 'an unchanged line keeps its bytes');
});

test('a Parquet output with no record to hold is refused with the reason, leaving no file', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'empty.jsonl');
  writeFileSync(input, '\n');
  await assert.rejects(runCuration({ operation: 'dedup', inputs: [input], output: path.join(dir, 'unique.parquet') }, testContext().context),
    /unique\.parquet: no record to write .*nothing was written/);
  assert.deepEqual(readdirSync(dir), ['empty.jsonl']);
});
