/**
 * A workspace folder named `مشروع تجريبي` (Arabic and a space), given to the real engine process as the
 * percent-encoded file URI the editor sends: the Datasets list, panel rows, kind overrides, a curation
 * output, the CSV record cache and the runs folder all resolve inside that folder, and no stray
 * percent-encoded folder (`%D9%85…`) appears anywhere. A JSONL file there with bytes that are not UTF-8,
 * opened as the editor decodes it (U+FFFD), gets "not valid UTF-8" at the bad byte, not a JSON syntax error.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Methods } from '../../src/protocol';
import { EngineClient } from './engineClient';

const parent = mkdtempSync(path.join(tmpdir(), 'alw-unicode-paths-'));
const workspace = path.join(parent, 'مشروع تجريبي');
const chat = path.join(workspace, 'chat.jsonl');
const texts = path.join(workspace, 'data', 'texts.jsonl');
const mcq = path.join(workspace, 'mcq.csv');
const CHAT = [
  { messages: [{ role: 'user', content: 'ما عاصمة الأردن؟' }, { role: 'assistant', content: 'عمّان.' }] },
  { messages: [{ role: 'user', content: 'سلام' }, { role: 'assistant', content: 'وعليكم السلام' }] },
];
let engine: EngineClient;

/** Every entry under dir, relative, at any depth. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return [path.relative(parent, full), ...(entry.isDirectory() ? walk(full) : [])];
  });
}

before(async () => {
  mkdirSync(path.join(workspace, 'data'), { recursive: true });
  writeFileSync(chat, CHAT.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(texts, '{"text": "نص عربي قصير للتجربة"}\n');
  writeFileSync(mcq, 'question,A,B,C,D,answer\nما عاصمة مصر؟,القاهرة,الرياض,بغداد,دمشق,A\n');
  const run = path.join(workspace, '.alw', 'runs', 'run-1');
  mkdirSync(run, { recursive: true });
  writeFileSync(path.join(run, 'status.json'), JSON.stringify({
    id: 'run-1', dir: run, configPath: path.join(workspace, 'run.yaml'), stage: 'sft', state: 'completed', step: 3, totalSteps: 3, pid: null,
    startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:00.000Z', command: 'alw run run.yaml', lastCheckpoint: null, error: null,
  }));
  // The tiny model's tokenizer where the sample run configs build it: the default for statistics.
  const tiny = path.join(workspace, '.alw', 'models', 'tiny');
  mkdirSync(tiny, { recursive: true });
  writeFileSync(path.join(tiny, 'tokenizer.json'), JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'Whitespace' },
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '[UNK]': 0, 'سلام': 1 }, unk_token: '[UNK]' },
  }));
  assert.match(pathToFileURL(workspace).href, /%D9%85.*%20/, 'the engine is given a percent-encoded URI');
  engine = await EngineClient.start(workspace, { runsDir: null, kinds: { 'data/*.jsonl': 'chat' } });
});
after(async () => {
  await engine?.stop();
  rmSync(parent, { recursive: true, force: true });
});

describe('a workspace folder with an Arabic name and a space', () => {
  test('the Datasets list finds its JSONL and CSV files', async () => {
    const { datasets } = await engine.request(Methods.listDatasets, {});
    assert.deepEqual(datasets.map((d) => d.uri).sort(), [chat, mcq, texts].map((f) => pathToFileURL(f).href).sort());
    assert.equal(datasets.find((d) => d.uri === pathToFileURL(chat).href)?.records, 2);
  });

  test('the dataset panel reads rows of a file in it', async () => {
    const opened = await engine.request(Methods.openDataset, { uri: pathToFileURL(chat).href });
    assert.deepEqual([opened.kind, opened.rows], ['chat', 2]);
    const { rows } = await engine.request(Methods.datasetRows, { uri: pathToFileURL(chat).href, start: 0, count: 5 });
    assert.deepEqual(rows.map((r) => JSON.parse(r.text)), CHAT);
  });

  test('statistics count tokens with the default tiny tokenizer in <workspace>/.alw/models/tiny', async () => {
    const stats = await engine.request(Methods.datasetStats, { uri: pathToFileURL(chat).href });
    assert.equal(stats.records, 2);
    assert.ok(stats.tokens, 'token counts, so the tokenizer was found');
    assert.equal(stats.tokens.counts.reduce((a, b) => a + b, 0), 2);
  });

  test('a kind override glob relative to the workspace folder applies', async () => {
    const uri = engine.open(texts, readFileSync(texts, 'utf8'));
    const diagnostics = await engine.diagnosticsFor(uri, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'ALW003' && d.message.includes('messages')), JSON.stringify(diagnostics));
  });

  test('a CSV file opens through a record cache inside the workspace folder', async () => {
    const opened = await engine.request(Methods.openDataset, { uri: pathToFileURL(mcq).href });
    assert.deepEqual([opened.kind, opened.rows, opened.format], ['mcq', 1, 'csv']);
    const cache = path.join(workspace, '.alw', 'cache', 'datasets');
    assert.ok(existsSync(cache) && readdirSync(cache).some((n) => n.endsWith('.jsonl')), 'the cache is in <workspace>/.alw/cache/datasets');
  });

  test('a curation output given as a file URI lands inside it', async () => {
    const output = path.join(workspace, 'data', 'نظيف.jsonl');
    const result = await engine.request(Methods.curate, {
      operation: 'normalize', inputs: [pathToFileURL(chat).href], output: pathToFileURL(output).href, token: 'normalize-unicode',
    });
    assert.deepEqual(result.outputs, [output]);
    assert.equal(readFileSync(output, 'utf8').trim().split('\n').length, 2);
  });

  test('runs are read from <workspace>/.alw/runs', async () => {
    const runs = await engine.request(Methods.listRuns, {});
    assert.deepEqual(runs.map((r) => r.id), ['run-1']);
  });

  test('a run config in it is checked against its own folder: training.max_steps: -3 is marked at its value', async () => {
    const file = path.join(workspace, 'تدريب.yaml');
    const text = 'stage: pretrain\nmodel: {path: model, create_tiny_if_missing: true}\ndata: {train: data/texts.jsonl}\ntraining:\n  max_steps: -3\n';
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await engine.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await engine.diagnosticsFor(uri);
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.message]),
      [[5, 14, 'training.max_steps: must be -1 or >= 1']], 'data/texts.jsonl is found next to the config');
  });

  test('no percent-encoded folder was created anywhere under the temp folder', () => {
    assert.deepEqual(walk(parent).filter((p) => p.includes('%')), []);
  });
});

describe('a JSONL file with bytes that are not UTF-8, open in the editor', () => {
  test('each such line gets "Not valid UTF-8" at the column of its U+FFFD instead of a JSON syntax error', async () => {
    const file = path.join(workspace, 'بايتات.jsonl');
    const lines = [
      Buffer.from('{"text": "نص عربي سليم"}'),
      Buffer.concat([Buffer.from('{"text": "نص '), Buffer.from([0xff]), Buffer.from(' عربي"}')]), // JSON-valid once decoded
      Buffer.concat([Buffer.from([0xd9]), Buffer.from('{"text": "نص"}')]), // a JSON syntax error once decoded
      Buffer.from('{"text": "مكسور"'), // only broken JSON
    ];
    writeFileSync(file, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const shown = readFileSync(file, 'utf8'); // what the editor holds: each bad byte decoded as U+FFFD
    const uri = engine.open(file, shown);
    const diagnostics = await engine.diagnosticsFor(uri, (d) => d.some((x) => x.message.startsWith('Not valid UTF-8')));
    const at = diagnostics.filter((d) => d.code === 'ALW001').map((d) => [d.range.start.line, d.range.start.character, d.message.slice(0, 26)]);
    assert.deepEqual(at, [[1, 13, 'Not valid UTF-8: byte 0xFF'], [2, 0, 'Not valid UTF-8: byte 0xD9'], [3, 16, 'JSON syntax error: Expecte']]);
    assert.equal(shown.split('\n')[1].indexOf('\uFFFD'), 13, 'column 13 is where the editor shows the bad byte');
  });
});
