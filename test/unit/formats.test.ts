import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CsvError, CsvParser } from '../../src/core/formats/csvParser';
import { DATASET_GLOB, datasetFormatOf } from '../../src/core/formats/datasetFiles';
import { formatOf, readRecords, type SourceRecord } from '../../src/engine/formats/readRecords';
import { viewFormatOf } from '../../src/engine/formats/recordLines';
import { outputFormatOf, recordColumns, writeRecords } from '../../src/engine/formats/writeRecords';

const benchmarks = path.resolve(__dirname, '../../../../shared/benchmarks');

async function all(file: string, options = {}): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of readRecords(file, options)) out.push(r);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'alw-formats-'));
}

test('a file name says its dataset format: .ndjson is JSONL, case does not matter, other names are not datasets', () => {
  assert.equal(datasetFormatOf('a/b.NDJSON'), 'jsonl');
  assert.equal(datasetFormatOf('train.Parquet'), 'parquet');
  assert.equal(datasetFormatOf('data.json'), 'json');
  assert.equal(datasetFormatOf('notes.txt'), undefined);
  assert.equal(datasetFormatOf('jsonl'), undefined, 'an extension, not a bare name');
  assert.equal(DATASET_GLOB, '**/*.{jsonl,ndjson,json,csv,parquet}');
  assert.throws(() => formatOf('data.txt'), /unknown dataset format "\.txt" \(expected \.jsonl, \.json, \.csv, \.parquet\)/);
  assert.equal(viewFormatOf('data.txt'), 'jsonl', 'the panel reads any other file as JSONL');
  assert.equal(outputFormatOf('out.ndjson'), 'jsonl');
  assert.throws(() => outputFormatOf('out.csv'), /written as \.jsonl or \.parquet/);
});

test('CSV: quoted fields with commas, doubled quotes, CRLF and line breaks; chunk boundaries do not matter', () => {
  const text = '\uFEFFquestion,answer\r\n"ما هو ""الخط"" العربي،\n وما أنواعه؟",نعم\r\nسؤال بسيط,لا\r\n';
  const whole = new CsvParser().push(text);
  const pieces = new CsvParser();
  const rows = [...text].flatMap((c) => pieces.push(c)).concat(pieces.end());
  assert.deepEqual(rows, whole);
  assert.deepEqual(whole.map((r) => r.line), [1, 2, 4]);
  assert.deepEqual(whole[1].fields, ['ما هو "الخط" العربي،\n وما أنواعه؟', 'نعم']);
  assert.throws(() => { const p = new CsvParser(); p.push('a,"open'); p.end(); }, CsvError);
});

test('CSV: a header row names fields; the headerless MMLU layout gets question,A,B,C,D,answer', async () => {
  const dir = tempDir();
  const headed = path.join(dir, 'yesno.csv');
  writeFileSync(headed, 'question,answer\nالشمس نجم,نعم\nbroken row\n');
  const records = await all(headed);
  assert.deepEqual(records[0].record, { question: 'الشمس نجم', answer: 'نعم' });
  assert.equal(records[1].line, 3);
  assert.match(records[1].error!.message, /expected 2 fields, found 1/);

  const mmlu = path.join(dir, 'anatomy_dev.csv');
  writeFileSync(mmlu, '"ما هو العضو الذي يضخ الدم؟",القلب,الرئة,الكبد,المعدة,A\n');
  assert.deepEqual((await all(mmlu))[0].record, { question: 'ما هو العضو الذي يضخ الدم؟', A: 'القلب', B: 'الرئة', C: 'الكبد', D: 'المعدة', answer: 'A' });
});

test('CSV: the shared Arabic MMLU dev files read as 5 MCQ records each', { skip: !existsSync(path.join(benchmarks, 'mmlu_ar/dev')) && 'no ../shared/benchmarks' }, async () => {
  const dir = path.join(benchmarks, 'mmlu_ar/dev');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    const records = await all(path.join(dir, file));
    assert.equal(records.length, 5, file);
    for (const r of records) {
      assert.ok(r.record, `${file}:${r.line}: ${r.error?.message}`);
      assert.match(String(r.record.answer).trim(), /^[ABCD]$/, `${file}:${r.line}`);
    }
  }
});

test('JSONL errors carry line and column; blank lines are skipped', async () => {
  const file = path.join(tempDir(), 'd.jsonl');
  writeFileSync(file, '{"text": "نص"}\n\n{"text": oops}\n[1]\r\n');
  const records = await all(file);
  assert.deepEqual(records.map((r) => [r.line, !!r.record]), [[1, true], [3, false], [4, false]]);
  assert.equal(records[1].error!.column, 10);
});

test('JSON: an array of records, or an object holding one array; each at the line and column where it starts', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'a.json'), '[{"query": "ما عاصمة مصر؟"}, 3]');
  writeFileSync(path.join(dir, 'b.json'), '{"meta": {"n": [1, 2]},\n "data": [\n  {"query": "سؤال", "tags": [{"x": 1}]},\n\n  {"query": "جواب"}, "نص"\n ],\n "after": {"k": [3]}}');
  const a = await all(path.join(dir, 'a.json'));
  assert.deepEqual(a[0].record, { query: 'ما عاصمة مصر؟' });
  assert.deepEqual(a[1].error, { message: 'a record must be a JSON object', column: 30 });
  const b = await all(path.join(dir, 'b.json'));
  assert.deepEqual(b.map((r) => r.record?.query ?? r.error), ['سؤال', 'جواب', { message: 'a record must be a JSON object', column: 22 }]);
  assert.deepEqual(b.map((r) => r.line), [3, 5, 5]);
  writeFileSync(path.join(dir, 'twice.json'), '{"data": [{"q": "x"}],\n "data": [\n  {"q": "أ"},\n  {"q": "ب"}]}');
  assert.deepEqual((await all(path.join(dir, 'twice.json'))).map((r) => [r.record?.q, r.line]), [['أ', 3], ['ب', 4]], 'a key given twice: the last array, as JSON.parse');

  writeFileSync(path.join(dir, 'broken.json'), '[\n  {"text": "نص"},\n  {"text": oops}\n]');
  await assert.rejects(all(path.join(dir, 'broken.json')), /broken\.json:3:12: invalid JSON/);
});

test('Parquet round trip keeps text, numbers, booleans and nested chat turns', async () => {
  const file = path.join(tempDir(), 'chat.parquet');
  const records = [
    { id: 1, messages: [{ role: 'user', content: 'ما عاصمة الأردن؟' }, { role: 'assistant', content: 'عمّان' }], ok: true, note: 'Latin 123 عربي' },
    { id: 2, messages: [{ role: 'user', content: 'سلام' }], ok: false },
  ];
  const written = await writeRecords(file, from(records), { columns: await recordColumns(from(records)) });
  assert.equal(written, 2);
  const back = (await all(file)).map((r) => r.record);
  assert.deepEqual(back[0], records[0]);
  assert.deepEqual(back[1], { ...records[1], note: null });
  assert.deepEqual(readdirSync(path.dirname(file)), ['chat.parquet'], 'no temporary file left');
});

test('a failed write leaves neither the target nor a temporary file', async () => {
  const dir = tempDir();
  async function* failing() {
    yield { text: 'أول' };
    throw new Error('source broke');
  }
  await assert.rejects(writeRecords(path.join(dir, 'out.jsonl'), failing()), /source broke/);
  assert.deepEqual(readdirSync(dir), []);
});
