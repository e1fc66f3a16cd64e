import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { DatasetProblem } from '../../src/core/diagnostics/diagnoseDataset';
import { datasetFileKind, datasetFileStats } from '../../src/engine/datasets/datasetStatsFile';
import { writeRecords } from '../../src/engine/formats/writeRecords';
import { validateFile } from '../../src/engine/datasets/validateFile';

const root = path.resolve(__dirname, '../../..');
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });
const RLO = '\u202E';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'alw-validate-formats-'));
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function validated(file: string): Promise<{ problems: DatasetProblem[]; records: number; kind: string | undefined }> {
  const problems: DatasetProblem[] = [];
  const { records, kind } = await validateFile(file, (p) => problems.push(p));
  return { problems, records, kind };
}

/** `LINE:COLUMN CODE` of each problem, 1-based as the CLI prints them. */
const places = (problems: DatasetProblem[]) => problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code}`);

test('validate a CSV: problems at the CSV line where the record starts, after a quoted field spanning two lines', async () => {
  const file = path.join(tempDir(), 'pretrain.csv');
  writeFileSync(file, [
    'text,source',
    '"سطر أول من نص',
    'يمتد على سطرين",wiki',
    `نص فيه ${RLO}محارف تحكم,web`,
    'واحد,اثنان,ثلاثة',
    'نص عادي للتدريب,news',
  ].join('\r\n') + '\r\n');
  const { problems, records, kind } = await validated(file);
  assert.equal(kind, 'pretrain');
  assert.equal(records, 3);
  assert.deepEqual(places(problems), ['4:1 ALW007', '5:1 ALW001']);
  assert.match(problems[0].message, /bidirectional control.*\(field text\)$/);
  assert.equal(problems[1].severity, 'error');
  assert.match(problems[1].message, /expected 2 fields, found 3/);
});

test('validate a CSV past one batch: duplicates across batches point at the first copy\'s CSV line', async () => {
  const rows = ['text,source', '"نص مكرر\nعبر الدفعات",a'];
  for (let i = 0; i < 21_000; i++) rows.push(`النص رقم ${i} من المجموعة,b`);
  rows.push('"نص مكرر\nعبر الدفعات",a');
  const file = path.join(tempDir(), 'big.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  const { problems, records } = await validated(file);
  assert.equal(records, 21_002);
  assert.deepEqual(places(problems), ['21004:1 ALW015']);
  assert.match(problems[0].message, /on line 2 /);
  assert.deepEqual(problems[0].related?.range.start, { line: 1, character: 0 });
});

test('validate a Parquet file: an exact duplicate pair is ALW015 at the second row', async () => {
  const file = path.join(tempDir(), 'sft.parquet');
  const records = [
    { instruction: 'ما عاصمة مصر؟', output: 'القاهرة' },
    { instruction: 'اكتب جملة عن البحر', output: 'البحر واسع وأزرق' },
    { instruction: 'ما عاصمة مصر؟', output: 'القاهرة' },
  ];
  await writeRecords(file, from(records), { columns: ['instruction', 'output'] });
  const { problems, records: count, kind } = await validated(file);
  assert.equal(kind, 'instruction');
  assert.equal(count, 3);
  assert.deepEqual(places(problems), ['3:1 ALW015']);
  assert.match(problems[0].message, /^Exact duplicate of the record on row 1 /);
  assert.deepEqual(problems[0].related?.range.start, { line: 0, character: 0 });
});

test('validate a JSON array: problems at the line where the record starts, naming the field; a non-object item is unreadable at its column', async () => {
  const file = path.join(tempDir(), 'chat.json');
  writeFileSync(file, JSON.stringify({ data: [
    { messages: [{ role: 'user', content: 'مرحبا' }, { role: 'assistant', content: 'أهلاً بك' }] },
    { messages: [{ role: 'user', content: 'كيف حالك؟' }, { role: 'assistant', content: `بخير ${RLO}شكراً` }] },
    'ليس سجلاً',
  ] }, null, 2));
  const { problems, kind } = await validated(file);
  assert.equal(kind, 'chat');
  assert.deepEqual(places(problems), ['15:1 ALW007', '27:5 ALW001']); // pretty-printed: records start on lines 3, 15, 27
  assert.match(problems[0].message, /\(field messages\[1\]\.content\)$/);
  assert.match(problems[1].message, /a record must be a JSON object/);
});

test('alw validate on CSV and Parquet: FILE:LINE:1 lines, exit codes and --json as for JSONL', async () => {
  const dir = tempDir();
  const csv = path.join(dir, 'broken.csv');
  writeFileSync(csv, 'text,source\nنص سليم,a\nسطر,ناقص,زائد\n');
  const parquet = path.join(dir, 'clean.parquet');
  await writeRecords(parquet, from([{ text: 'نص عربي سليم للتدريب' }, { text: 'نص آخر سليم' }]), { columns: ['text'] });

  const broken = alw('validate', csv);
  assert.equal(broken.status, 1);
  assert.equal(broken.stdout, `${csv}:3:1: error ALW001 Unreadable record: expected 2 fields, found 3\n`);
  const clean = alw('validate', parquet);
  assert.equal(clean.status, 0, clean.stderr);
  assert.equal(clean.stdout, '');
  const json = alw('validate', '--json', csv, parquet);
  assert.equal(json.status, 1);
  const report = JSON.parse(json.stdout);
  assert.deepEqual(report[parquet], { kind: 'pretrain', records: 2, problems: [] });
  assert.deepEqual(report[csv].problems.map((p: DatasetProblem) => [p.range.start.line, p.code]), [[2, 'ALW001']]);

  const notJson = path.join(dir, 'broken.json');
  writeFileSync(notJson, '[{"text": "نص"},');
  const unreadable = alw('validate', notJson, parquet);
  assert.equal(unreadable.status, 1);
  assert.match(unreadable.stderr, /broken\.json:1:17: invalid JSON: the file ends before its JSON is closed\n/);
  assert.match(unreadable.stderr, /clean\.parquet: pretrain, 2 records, 0 problems/);
  assert.match(alw('validate', '--help').stdout + alw('--help').stdout, /CSV, Parquet or JSON/);
});

test('stats of a CSV and of a Parquet file equal the stats of the same records written as JSONL', async () => {
  const dir = tempDir();
  const records = [
    { question: 'ما عاصمة مصر؟', answer: 'نعم' },
    { question: 'هل الشمس نجم؟', answer: 'نعم' },
    { question: 'هل القمر كوكب؟', answer: 'لا' },
    { question: 'هل الشمس نجم؟', answer: 'نعم' },
    { question: `هل ${RLO}الماء سائل؟`, answer: 'نعم' },
  ];
  const jsonl = path.join(dir, 'yesno.jsonl');
  await writeRecords(jsonl, from(records));
  const csv = path.join(dir, 'yesno.csv');
  writeFileSync(csv, ['question,answer', ...records.map((r) => `"${r.question}",${r.answer}`)].join('\n') + '\n');
  const parquet = path.join(dir, 'yesno.parquet');
  await writeRecords(parquet, from(records), { columns: ['question', 'answer'] });

  const expected = await datasetFileStats(jsonl, await datasetFileKind(jsonl));
  assert.equal(expected.kind, 'yesno');
  assert.equal(expected.exactDuplicates, 1);
  assert.deepEqual(expected.labels, { نعم: 4, لا: 1 });
  for (const file of [csv, parquet]) {
    assert.equal(await datasetFileKind(file), 'yesno', file);
    assert.deepEqual(await datasetFileStats(file, 'yesno'), expected, file);
  }
  const cli = alw('stats', '--json', csv);
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), JSON.parse(JSON.stringify(expected)));
});

test('stats count an unreadable CSV row as ALW001, as the dataset panel does', async () => {
  const file = path.join(tempDir(), 'pretrain.csv');
  writeFileSync(file, 'text,source\nنص أول,a\nسطر,ناقص,زائد\nنص ثان,b\n');
  const stats = await datasetFileStats(file, await datasetFileKind(file));
  assert.equal(stats.kind, 'pretrain');
  assert.equal(stats.records, 2);
  assert.deepEqual(stats.problemsByCode, { ALW001: 1 });
});
