/**
 * The dataset panel's engine requests, over JSON-RPC against the real engine process: a generated 100k-line
 * file indexed and read from the middle, plain/normalized/regex/code searches, saves that keep untouched bytes,
 * a save refused after an outside change, a save killed mid-way (SIGKILL), statistics and the chat-template
 * preview with a tiny tokenizer built offline by the trainer.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { Methods } from '../../src/protocol';
import { EngineClient, repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-dataset-panel-'));
cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true, filter: (src) => !src.includes(`${path.sep}.alw`) });
const tokenizerDir = path.join(workspace, 'tokenizer');
const big = path.join(workspace, 'big.jsonl');
const ROWS = 100_000;
const NAME_WITH_HAMZA = 50_123;
const NAME_PLAIN = 77_777;
const BROKEN = 60_000;
const BACKTRACK = 90_000;
let engine: EngineClient;

/** The hash the engine anchors an edit of this line text to (DatasetRow.hash). */
const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function bigLine(i: number): string {
  if (i === BROKEN) return '{"messages": [}';
  const user = i === NAME_WITH_HAMZA ? 'من هو أحمد شوقي؟' : i === NAME_PLAIN ? 'قصيدة لاحمد شوقي' : `سؤال رقم ${i}`;
  const answer = i === BACKTRACK ? `${'a'.repeat(34)}!` : `جواب ${i} مع GPT-4 و٢٠٢٦`;
  return JSON.stringify({ messages: [{ role: 'user', content: user }, { role: 'assistant', content: answer }] });
}

before(async () => {
  writeFileSync(big, Array.from({ length: ROWS }, (_, i) => bigLine(i)).join('\n') + '\n');
  const env = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' };
  execFileSync(python, ['-m', 'alw_trainer', 'init-tiny', '--corpus', path.join(workspace, 'sft.jsonl'), '--out', tokenizerDir],
    { cwd: path.join(repoRoot, 'trainer'), env, stdio: 'pipe' });
  engine = await EngineClient.start(workspace, { python, runsDir: null, diagnostics: { tokenizer: tokenizerDir } });
});
after(async () => {
  await engine?.stop();
});

describe('dataset panel requests', () => {
  test('opens a 100k-line file and reads rows from the middle, with their codes', async () => {
    const opened = await engine.request(Methods.openDataset, { uri: pathToFileURL(big).href });
    assert.equal(opened.rows, ROWS);
    assert.equal(opened.kind, 'chat');
    assert.equal(opened.bytes, statSync(big).size);
    const { rows } = await engine.request(Methods.datasetRows, { uri: big, start: 59_998, count: 4 });
    assert.deepEqual(rows.map((r) => r.line), [59_998, 59_999, 60_000, 60_001]);
    assert.deepEqual(rows.map((r) => r.text), [59_998, 59_999, 60_000, 60_001].map(bigLine));
    assert.deepEqual(rows.map((r) => r.codes), [[], [], ['ALW001'], []]);
    const last = await engine.request(Methods.datasetRows, { uri: big, start: ROWS - 1, count: 10 });
    assert.deepEqual(last.rows.map((r) => r.line), [ROWS - 1]);
  });

  test('normalized search finds أحمد and احمد; plain search only the exact form', async () => {
    const normalized = await engine.request(Methods.searchDataset, { uri: big, query: 'احمد', mode: 'normalized' });
    assert.deepEqual({ lines: normalized.lines, truncated: normalized.truncated }, { lines: [NAME_WITH_HAMZA, NAME_PLAIN], truncated: false });
    const fromHamza = await engine.request(Methods.searchDataset, { uri: big, query: 'أحمد', mode: 'normalized' });
    assert.deepEqual(fromHamza.lines, [NAME_WITH_HAMZA, NAME_PLAIN]);
    const plain = await engine.request(Methods.searchDataset, { uri: big, query: 'أحمد', mode: 'plain' });
    assert.deepEqual(plain.lines, [NAME_WITH_HAMZA]);
    const digits = await engine.request(Methods.searchDataset, { uri: big, query: 'جواب 12345 ', mode: 'normalized', limit: 5 });
    assert.deepEqual(digits.lines, [12_345]);
  });

  test('regex search, a limit, a diagnostic-code filter, and a catastrophic pattern stopped by its budget', async () => {
    const regex = await engine.request(Methods.searchDataset, { uri: big, query: '^user\\nسؤال رقم 4242\\n', mode: 'regex' });
    assert.deepEqual(regex.lines, [4242]);
    const limited = await engine.request(Methods.searchDataset, { uri: big, query: 'رقم 1\\d{3}\\n', mode: 'regex', limit: 3 });
    assert.deepEqual({ lines: limited.lines, truncated: limited.truncated }, { lines: [1000, 1001, 1002], truncated: true });
    const broken = await engine.request(Methods.searchDataset, { uri: big, query: '', mode: 'plain', code: 'ALW001' });
    assert.deepEqual(broken.lines, [BROKEN]);
    await assert.rejects(engine.request(Methods.searchDataset, { uri: big, query: '(', mode: 'regex' }), /Invalid regular expression/);
    const t0 = Date.now();
    await assert.rejects(engine.request(Methods.searchDataset, { uri: big, query: '(a+)+$', mode: 'regex' }), /backtracks catastrophically/);
    assert.ok(Date.now() - t0 < 30_000, 'the budget stops the search');
    const after = await engine.request(Methods.datasetRows, { uri: big, start: 0, count: 1 });
    assert.equal(after.rows.length, 1, 'the engine still answers');
  });

  test('save replaces and deletes lines; every untouched byte (CRLF, no final newline) stays', async () => {
    const file = path.join(workspace, 'crlf.jsonl');
    const lines = ['{"text": "السطر الأول"}', '{"text": "الثاني"}', '{"text": "الثالث"}', '', '{"text":  "الخامس  "}'];
    writeFileSync(file, lines.join('\r\n'));
    const { version } = await engine.request(Methods.openDataset, { uri: file });
    const result = await engine.request(Methods.saveDataset, {
      uri: file, version, edits: [{ line: 1, text: '{"text": "معدّل"}', hash: hashOf(lines[1]) }, { line: 2, text: null, hash: hashOf(lines[2]) },
        { line: 4, text: '{"text": "الأخير"}', hash: hashOf(lines[4]) }],
    });
    assert.deepEqual(result, { rows: 4, changed: 2, deleted: 1 });
    assert.equal(readFileSync(file, 'utf8'), '{"text": "السطر الأول"}\r\n{"text": "معدّل"}\r\n\r\n{"text": "الأخير"}');
    const reopened = await engine.request(Methods.openDataset, { uri: file });
    assert.equal(reopened.rows, 4);
    const v = reopened.version;
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version: v, edits: [{ line: 9, text: '{}', hash: hashOf('') }] }), /no line 10/);
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version: v, edits: [{ line: 0, text: '{}\n{}', hash: hashOf(lines[0]) }] }), /one line/);
  });

  test('save refuses a file changed on disk since it was opened, and writes nothing', async () => {
    const file = path.join(workspace, 'changed.jsonl');
    writeFileSync(file, '{"text": "أ"}\n{"text": "ب"}\n');
    const { version } = await engine.request(Methods.openDataset, { uri: file });
    const outside = '{"text": "أ"}\n{"text": "ب"}\n{"text": "ج من محرر آخر"}\n';
    writeFileSync(file, outside);
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version, edits: [{ line: 0, text: '{"text": "x"}', hash: hashOf('{"text": "أ"}') }] }), /changed on disk/);
    assert.equal(readFileSync(file, 'utf8'), outside);
  });

  test('statistics: histograms, duplicates, problems by code and fertility with the configured tokenizer', async () => {
    const stats = await engine.request(Methods.datasetStats, { uri: path.join(workspace, 'sft.jsonl') });
    assert.equal(stats.kind, 'chat');
    const total = (h: { counts: number[] }) => h.counts.reduce((a, b) => a + b, 0);
    assert.equal(total(stats.characters), stats.records);
    assert.ok(stats.tokens && total(stats.tokens) === stats.records, 'token lengths with the configured tokenizer');
    assert.ok(stats.fertility !== null && stats.fertility > 1 && stats.fertility < 10, `fertility ${stats.fertility}`);
    assert.equal(stats.problemsByCode.ALW001, 1);
    assert.ok(stats.arabicShare.counts[9] >= stats.records - 2, 'the samples are Arabic');
  });

  test('chat-template preview: the rendered record, its tokens (as Python tokenizes them), the assistant turn trained', async () => {
    const sft = path.join(workspace, 'sft.jsonl');
    const preview = await engine.request(Methods.templatePreview, { uri: sft, line: 0 });
    const record = JSON.parse(readFileSync(sft, 'utf8').split('\n')[0]);
    const answer = record.messages[1].content as string;
    assert.equal(preview.rendered, `<s><|user|>\n${record.messages[0].content}<|end|><|assistant|>\n${answer}<|end|>`);
    assert.equal(preview.tokens.map((t) => t.text).join(''), preview.rendered);
    assert.equal(preview.tokens.filter((t) => t.trained).map((t) => t.text).join(''), `${answer}<|end|>`);
    const pythonIds = JSON.parse(execFileSync(python, ['-c',
      'import json,sys; from tokenizers import Tokenizer; t=Tokenizer.from_file(sys.argv[1]); print(json.dumps(t.encode(sys.argv[2], add_special_tokens=False).ids))',
      path.join(tokenizerDir, 'tokenizer.json'), preview.rendered], { encoding: 'utf8' }));
    assert.deepEqual(preview.tokens.map((t) => t.id), pythonIds);
  });

  test('lists the workspace datasets with kind, records, problems and size', async () => {
    const { datasets } = await engine.request(Methods.listDatasets, {});
    const sft = datasets.find((d) => d.uri.endsWith('/sft.jsonl'));
    assert.ok(sft, JSON.stringify(datasets.map((d) => d.uri)));
    assert.equal(sft.kind, 'chat');
    assert.equal(sft.records, readFileSync(path.join(workspace, 'sft.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).length);
    assert.equal(sft.problems, 4);
    assert.ok(datasets.some((d) => d.uri.endsWith('/big.jsonl') && d.records === ROWS));
  });

  test('an engine killed (SIGKILL) while saving leaves the source whole, and the next open removes its temporary file', async () => {
    const file = path.join(workspace, 'crash.jsonl');
    const original = Array.from({ length: 400_000 }, (_, i) => JSON.stringify({ text: `نص رقم ${i} `.repeat(4) })).join('\n') + '\n';
    writeFileSync(file, original);
    const victim = await EngineClient.start(workspace, { python, runsDir: null });
    const { version } = await victim.request(Methods.openDataset, { uri: file });
    const originalLines = original.split('\n');
    const edits = Array.from({ length: 100_000 }, (_, i) => ({ line: i * 4, text: JSON.stringify({ text: `معدّل ${i}` }), hash: hashOf(originalLines[i * 4]) }));
    let sawTemp = false;
    const watcher = watch(workspace, (_event, name) => {
      if (!sawTemp && String(name).startsWith('.crash.jsonl.alw-save-')) {
        sawTemp = true;
        victim.process.kill('SIGKILL');
      }
    });
    await Promise.race([victim.request(Methods.saveDataset, { uri: file, version, edits }).catch(() => undefined), once(victim.process, 'exit')]);
    watcher.close();
    victim.kill();
    assert.ok(sawTemp, 'the save wrote a temporary file beside the source');
    const now = readFileSync(file, 'utf8');
    const saved = original.split('\n').map((l, i) => (i % 4 === 0 && i < 400_000 ? JSON.stringify({ text: `معدّل ${i / 4}` }) : l)).join('\n');
    assert.ok(now === original || now === saved, `the source is either the old or the new content (length ${now.length})`);
    const opened = await engine.request(Methods.openDataset, { uri: file });
    assert.equal(opened.rows, 400_000);
    assert.deepEqual(readdirSync(workspace).filter((n) => n.includes('.alw-save-')), []);
    assert.ok(existsSync(file));
  });
});
