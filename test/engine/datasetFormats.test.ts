/**
 * The dataset panel and the Datasets view on CSV, JSON and Parquet files, against the real engine process:
 * the list (kinds and counts; config .json files and a .json over 100 MB left out), rows with their source
 * positions (a headerless MMLU CSV with a quoted newline, a Parquet file written by the engine's own writer, a
 * JSON object holding an array), normalized search, the problem filter, statistics, the chat-template preview,
 * save refused (read-only), and a changed source file read again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Methods, type DatasetSummary } from '../../src/protocol';
import { recordCacheNames } from '../../src/engine/datasets/datasetRecordCache';
import { recordColumns, writeRecords } from '../../src/engine/formats/writeRecords';
import { EngineClient, repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-dataset-formats-'));
const tokenizerDir = path.join(workspace, 'tokenizer');
const cacheDir = path.join(workspace, '.alw', 'cache', 'datasets');
const mmlu = path.join(workspace, 'mmlu.csv');
const parquet = path.join(workspace, 'chat.parquet');
const json = path.join(workspace, 'data', 'pretrain.json');
let engine: EngineClient;

/** Headerless translated-MMLU rows: a quoted field with a newline (lines 2–3), doubled quotes, a short row (line 5). */
const MMLU_LINES = [
  'ما عاصمة مصر؟,القاهرة,الرياض,بغداد,دمشق,A',
  '"من هو أحمد شوقي',
  'في الأدب العربي؟",شاعر,عالم,طبيب,مهندس,A',
  '"قال ""الشاعر"" بيتا، فما معناه؟",الحكمة,الفخر,الرثاء,الغزل,B',
  'سطر ناقص,أ,ب,ج,د',
  'من هو احمد زويل؟,عالم كيمياء,شاعر,لاعب,ممثل,A',
];
const MMLU_CSV = `${MMLU_LINES.join('\n')}\n`;
const CHAT = [
  { messages: [{ role: 'user', content: 'ما عاصمة الأردن؟' }, { role: 'assistant', content: 'عمّان هي عاصمة الأردن.' }] },
  { messages: [{ role: 'user', content: 'اكتب بيتا لأحمد شوقي' }, { role: 'assistant', content: 'قم للمعلم وفه التبجيلا' }] },
  { messages: [{ role: 'user', content: 'سلام' }, { role: 'assistant', content: 'وعليكم السلام' }] },
];

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

function listed(datasets: DatasetSummary[], name: string): DatasetSummary | undefined {
  return datasets.find((d) => d.uri === pathToFileURL(path.join(workspace, name)).href);
}

before(async () => {
  writeFileSync(mmlu, MMLU_CSV);
  await writeRecords(parquet, from(CHAT), { columns: await recordColumns(from(CHAT)) });
  mkdirSync(path.dirname(json));
  writeFileSync(json, JSON.stringify({ version: 2, data: [{ text: 'نص عربي أول للتدريب المسبق' }, { text: 'نص ثان' }, 42] }, null, 2));
  writeFileSync(path.join(workspace, 'notes.ndjson'), '{"text": "ملاحظة"}\n');
  // Not datasets: configuration files, and a valid dataset too large to load whole for the list.
  writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'x', keywords: ['arabic', 'llm'] }));
  writeFileSync(path.join(workspace, 'tsconfig.json'), '{\n  // comments are not JSON\n  "compilerOptions": {}\n}\n');
  writeFileSync(path.join(workspace, 'big.json'), `[{"text": "${'ن'.repeat(51 * 1024 * 1024)}"}]`);
  const env = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' };
  writeFileSync(path.join(workspace, 'corpus.jsonl'), CHAT.map((r) => JSON.stringify(r)).join('\n') + '\n');
  execFileSync(python, ['-m', 'alw_trainer', 'init-tiny', '--corpus', path.join(workspace, 'corpus.jsonl'), '--out', tokenizerDir],
    { cwd: path.join(repoRoot, 'trainer'), env, stdio: 'pipe' });
  engine = await EngineClient.start(workspace, { python, runsDir: null, diagnostics: { tokenizer: tokenizerDir } });
});
after(async () => {
  await engine?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('CSV, JSON and Parquet datasets in the panel (read-only, through a JSONL cache)', () => {
  test('the list shows CSV, Parquet, dataset JSON and NDJSON files with kinds and counts, and no other JSON', async () => {
    const { datasets } = await engine.request(Methods.listDatasets, {});
    assert.deepEqual(listed(datasets, 'mmlu.csv'), {
      uri: pathToFileURL(mmlu).href, kind: 'mcq', format: 'csv', records: 5, problems: 1, bytes: statSync(mmlu).size,
    });
    assert.deepEqual(listed(datasets, 'chat.parquet'), {
      uri: pathToFileURL(parquet).href, kind: 'chat', format: 'parquet', records: 3, problems: 0, bytes: statSync(parquet).size,
    });
    assert.deepEqual(listed(datasets, 'data/pretrain.json'), {
      uri: pathToFileURL(json).href, kind: 'pretrain', format: 'json', records: 3, problems: 1, bytes: statSync(json).size,
    });
    assert.equal(listed(datasets, 'notes.ndjson')?.format, 'jsonl');
    for (const name of ['package.json', 'tsconfig.json', 'big.json']) assert.equal(listed(datasets, name), undefined, `${name} is not listed`);
    assert.deepEqual(readdirSync(workspace).filter((n) => n === '.alw'), [], 'listing writes no cache');
  });

  test('a headerless MMLU CSV opens read-only; rows carry their CSV line, an unreadable row is a problem at its line', async () => {
    const opened = await engine.request(Methods.openDataset, { uri: pathToFileURL(mmlu).href });
    assert.deepEqual({ ...opened, version: undefined }, { uri: pathToFileURL(mmlu).href, kind: 'mcq', rows: 5, bytes: statSync(mmlu).size, editable: false, format: 'csv', version: undefined });
    const { rows } = await engine.request(Methods.datasetRows, { uri: mmlu, start: 0, count: 10 });
    assert.deepEqual(rows.map((r) => [r.line, r.source]), [[0, 1], [1, 2], [2, 4], [3, 5], [4, 6]]);
    assert.deepEqual(JSON.parse(rows[1].text), { question: 'من هو أحمد شوقي\nفي الأدب العربي؟', A: 'شاعر', B: 'عالم', C: 'طبيب', D: 'مهندس', answer: 'A' });
    assert.equal(JSON.parse(rows[2].text).question, 'قال "الشاعر" بيتا، فما معناه؟');
    assert.equal(rows[3].text, 'mmlu.csv:5:1: expected 6 fields, found 5');
    assert.deepEqual(rows.map((r) => r.codes), [[], [], [], ['ALW001'], []]);
  });

  test('normalized search (أحمد finds احمد), plain search and the problem filter work on the CSV', async () => {
    const normalized = await engine.request(Methods.searchDataset, { uri: mmlu, query: 'أحمد', mode: 'normalized' });
    assert.deepEqual({ ...normalized, version: undefined }, { lines: [1, 4], truncated: false, version: undefined });
    const plain = await engine.request(Methods.searchDataset, { uri: mmlu, query: 'أحمد', mode: 'plain' });
    assert.deepEqual(plain.lines, [1]);
    const broken = await engine.request(Methods.searchDataset, { uri: mmlu, query: '', mode: 'plain', code: 'ALW001' });
    assert.deepEqual(broken.lines, [3]);
  });

  test('statistics and the chat-template preview of a CSV record; an unreadable row names its CSV line', async () => {
    const stats = await engine.request(Methods.datasetStats, { uri: mmlu });
    assert.deepEqual([stats.records, stats.kind], [4, 'mcq']);
    assert.deepEqual(stats.labels, { A: 3, B: 1 });
    assert.deepEqual(stats.problemsByCode, { ALW001: 1 });
    assert.ok(stats.tokens && stats.tokens.counts.reduce((a, b) => a + b, 0) === 4, 'token lengths of the four readable records');
    const preview = await engine.request(Methods.templatePreview, { uri: mmlu, line: 2 });
    assert.ok(preview.rendered.includes('قال "الشاعر" بيتا، فما معناه؟'), preview.rendered);
    assert.equal(preview.tokens.filter((t) => t.trained).map((t) => t.text).join(''), 'B<|end|>');
    await assert.rejects(engine.request(Methods.templatePreview, { uri: mmlu, line: 3 }), (error: Error) => error.message.includes(`${mmlu}:5: not a JSON object record`));
  });

  test('save is refused with the way to edit (convert to JSONL), and the file stays as it was', async () => {
    await assert.rejects(engine.request(Methods.saveDataset, { uri: mmlu, version: '', edits: [{ line: 0, text: '{"question": "x"}', hash: '' }] }),
      /mmlu\.csv: the dataset panel shows CSV files read-only; convert this one to JSONL first \(Arabic LLM: Convert Dataset…, or alw convert mmlu\.csv --output mmlu\.jsonl\)/);
    assert.equal(readFileSync(mmlu, 'utf8'), MMLU_CSV);
  });

  test('a Parquet file written by the engine: row numbers, kind, nested chat turns, search', async () => {
    const opened = await engine.request(Methods.openDataset, { uri: parquet });
    assert.deepEqual([opened.kind, opened.rows, opened.editable, opened.format], ['chat', 3, false, 'parquet']);
    const { rows } = await engine.request(Methods.datasetRows, { uri: parquet, start: 1, count: 5 });
    assert.deepEqual(rows.map((r) => [r.line, r.source]), [[1, 2], [2, 3]]);
    assert.deepEqual(rows.map((r) => JSON.parse(r.text)), CHAT.slice(1));
    const found = await engine.request(Methods.searchDataset, { uri: parquet, query: 'احمد', mode: 'normalized' });
    assert.deepEqual(found.lines, [1]);
    const preview = await engine.request(Methods.templatePreview, { uri: parquet, line: 0 });
    assert.equal(preview.tokens.filter((t) => t.trained).map((t) => t.text).join(''), `${CHAT[0].messages[1].content}<|end|>`);
    await assert.rejects(engine.request(Methods.saveDataset, { uri: parquet, version: '', edits: [] }), /shows PARQUET files read-only/);
  });

  test('a JSON object holding an array: each row at the line where its record starts, a non-object item as a problem at its line and column', async () => {
    const opened = await engine.request(Methods.openDataset, { uri: json });
    assert.deepEqual([opened.kind, opened.rows, opened.editable, opened.format], ['pretrain', 3, false, 'json']);
    const { rows } = await engine.request(Methods.datasetRows, { uri: json, start: 0, count: 3 });
    assert.deepEqual(rows.map((r) => r.source), [4, 7, 10], 'pretty-printed: the records start on lines 4, 7 and 10');
    assert.deepEqual(JSON.parse(rows[0].text), { text: 'نص عربي أول للتدريب المسبق' });
    assert.equal(rows[2].text, 'pretrain.json:10:5: a record must be a JSON object');
    assert.deepEqual(rows[2].codes, ['ALW001']);
    const stats = await engine.request(Methods.datasetStats, { uri: json });
    assert.deepEqual([stats.records, stats.kind, stats.problemsByCode], [2, 'pretrain', { ALW001: 1 }]);
  });

  test('a changed source file is read again; the older cache of it is removed', async () => {
    await engine.request(Methods.openDataset, { uri: mmlu });
    const before = statSync(mmlu);
    const old = recordCacheNames(mmlu, before.size, before.mtimeMs);
    assert.ok(readdirSync(cacheDir).includes(`${old.base}.jsonl`), 'the cache of the first version');
    writeFileSync(mmlu, `${MMLU_CSV}ما لون السماء؟,أزرق,أحمر,أخضر,أصفر,A\n`);
    const reopened = await engine.request(Methods.openDataset, { uri: mmlu });
    assert.equal(reopened.rows, 6);
    const { rows } = await engine.request(Methods.datasetRows, { uri: mmlu, start: 5, count: 1 });
    assert.deepEqual([rows[0].source, JSON.parse(rows[0].text).question], [7, 'ما لون السماء؟']);
    const now = statSync(mmlu);
    const fresh = recordCacheNames(mmlu, now.size, now.mtimeMs);
    assert.deepEqual(readdirSync(cacheDir).filter((n) => n.startsWith(fresh.prefix)).sort(), [`${fresh.base}.jsonl`, `${fresh.base}.positions`, `${fresh.prefix}.source`]);
    const { datasets } = await engine.request(Methods.listDatasets, {});
    assert.equal(listed(datasets, 'mmlu.csv')?.records, 6);
  });
});
