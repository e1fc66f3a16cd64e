/**
 * Dataset diagnostics in the real engine process: the new checks with their settings (tokenizer, evaluation
 * sets, severities pushed with workbench/settings/update), quick fixes applied as the editor would apply them,
 * the source action, hover, and a generated 100k-record file re-checked after a one-line edit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Hover, TextEdit } from 'vscode-languageserver/node';
import { diagnoseDataset } from '../../src/core/diagnostics/diagnoseDataset';
import { makeMojibake } from '../../src/core/diagnostics/mojibake';
import { Methods } from '../../src/protocol';
import { EngineClient, type Diagnostic } from './engineClient';

const workspace = mkdtempSync(path.join(tmpdir(), 'alw-diagnostics-'));
let engine: EngineClient;
const versions = new Map<string, number>();

/** A tokenizer.json whose every word (and punctuation run) is one token: counts are easy to check. */
function writeWordTokenizer(dir: string): string {
  const file = path.join(dir, 'tokenizer.json');
  writeFileSync(file, JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: { type: 'Whitespace' }, post_processor: null, decoder: null,
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: { '[UNK]': 0 } },
  }));
  return file;
}

function write(name: string, lines: string[]): { file: string; text: string } {
  const file = path.join(workspace, name);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(file, text);
  return { file, text };
}

function change(uri: string, text: string): void {
  const version = (versions.get(uri) ?? 1) + 1;
  versions.set(uri, version);
  engine.change(uri, version, text);
}

const located = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.code}`).sort();

async function codeActions(uri: string, line: number, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  return engine.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: diagnostics.filter((d) => d.range.start.line === line), ...(only ? { only } : {}) },
  }) as Promise<CodeAction[]>;
}

function applyAction(uri: string, text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri] as TextEdit[] | undefined;
  assert.ok(edits?.length, `${action.title} has edits`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'jsonl', 1, text), edits);
}

before(async () => {
  const tokenizer = writeWordTokenizer(workspace);
  const evalSet = write('eval.jsonl', [JSON.stringify({ id: 'q7', question: 'ما هي عاصمة المملكة المغربية التي تقع على ساحل المحيط الأطلسي في شمال غرب أفريقيا' })]);
  engine = await EngineClient.start(workspace, {
    python: null, runsDir: null,
    diagnostics: { tokenizer, contextLength: 15, evalSets: [evalSet.file], contaminationNgram: 8 },
  });
});
after(async () => {
  await engine?.stop();
});

describe('dataset diagnostics in the engine', () => {
  const broken = makeMojibake('اللغة العربية جميلة', 'windows-1252');
  const lines = [
    JSON.stringify({ text: `${broken} جدا` }),
    JSON.stringify({ text: 'هذا نص جميـــل عن اللغة' }),
    JSON.stringify({ text: 'نص فيه \u202eتحكم خفي' }),
    JSON.stringify({ text: 'نص مكرر في الملف' }),
    JSON.stringify({ text: 'نص مكرر في الملف' }),
    JSON.stringify({ text: 'This record is written in English and not in Arabic at all.' }),
    JSON.stringify({ text: 'واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة أحد عشر اثنا عشر ثلاثة عشر' }),
    JSON.stringify({ text: 'سؤال: ما هي عاصمة المملكة المغربية التي تقع على ساحل المحيط الأطلسي؟' }),
  ];

  test('each new check at its place; each quick fix makes its diagnostic go away; hover counts tokens', async () => {
    const { file, text } = write('checks.jsonl', lines);
    const uri = engine.open(file, text);
    // The evaluation-set index is built in the background; the file is checked again when it is ready.
    const diagnostics = await engine.diagnosticsFor(uri, (ds) => ds.some((d) => d.code === 'ALW016'), 20_000);
    assert.deepEqual(located(diagnostics), [
      '1:9 ALW011', '2:8 ALW013', `3:${lines[2].indexOf('\u202e')} ALW007`, '5:0 ALW015', '6:8 ALW012', '7:0 ALW014', '8:0 ALW016',
    ].sort());
    const duplicate = diagnostics.find((d) => d.code === 'ALW015') as Diagnostic & { relatedInformation?: Array<{ location: { range: { start: { line: number } } } }> };
    assert.equal(duplicate.relatedInformation?.[0].location.range.start.line, 3, 'points at the first copy');
    assert.match(diagnostics.find((d) => d.code === 'ALW016')!.message, /eval\.jsonl#q7/);
    assert.match(diagnostics.find((d) => d.code === 'ALW014')!.message, /^16 tokens/);

    let current = text;
    for (const [line, code, title] of [[0, 'ALW011', 'Repair mojibake'], [1, 'ALW013', 'Normalize this record (safe)'],
      [2, 'ALW007', 'Remove control characters'], [4, 'ALW015', 'Delete this duplicate record']] as const) {
      const now = await engine.diagnosticsFor(uri);
      const actions = await codeActions(uri, line, now);
      const fix = actions.find((a) => a.title === title);
      assert.ok(fix, `${title} offered on line ${line + 1} (got ${actions.map((a) => a.title).join(', ')})`);
      assert.equal(fix.kind, 'quickfix');
      assert.ok(actions.some((a) => a.command?.command === 'arabicLLM.openDatasetPanel' && a.command.arguments?.[1] === line));
      current = applyAction(uri, current, fix);
      change(uri, current);
      await engine.diagnosticsFor(uri, (ds) => !ds.some((d) => d.code === code && d.range.start.line === line));
    }
    assert.equal(current.split('\n')[0], JSON.stringify({ text: 'اللغة العربية جميلة جدا' }));
    assert.equal(current.split('\n').length, lines.length, 'one line fewer, plus the final newline');

    const hover = await engine.connection.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: 0, character: 3 },
    }) as Hover;
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /\| Tokens \| 4 \|/);
    assert.match(markdown, /\| Words \| 4 \|/);
    assert.match(markdown, /\| Arabic share \| 100% /);
    assert.match(markdown, /pre-training text/);
  });

  test('"Normalize all records (safe)" edits only the records that change; severities and off from the settings', async () => {
    const records = [JSON.stringify({ text: 'سلام' }), '{"text" :  "جميـــل"}', JSON.stringify({ text: 'ﻻ بأس' })];
    const { file, text } = write('normalize.jsonl', records);
    const uri = engine.open(file, text);
    await engine.diagnosticsFor(uri, (ds) => ds.length === 2);
    const [action] = await codeActions(uri, 0, [], ['source']);
    assert.equal(action?.title, 'Normalize all records (safe)');
    const edits = action.edit!.changes![uri] as TextEdit[];
    assert.deepEqual(edits.map((e) => e.range.start.line), [1, 2]);
    const normalized = applyAction(uri, text, action).split('\n');
    assert.deepEqual(normalized.slice(0, 3), [records[0], '{"text" :  "جميل"}', JSON.stringify({ text: 'لا بأس' })]);

    engine.connection.sendNotification(Methods.updateSettings, { python: null, runsDir: null, diagnostics: { severity: { ALW013: 'error', ALW010: 'off' } } });
    const updated = await engine.diagnosticsFor(uri, (ds) => ds.length === 1 && ds[0].code === 'ALW013' && ds[0].severity === 1);
    assert.equal(updated[0].range.start.line, 1);
  });

  test('a 100k-record file gets its first screen\'s diagnostics, then all of them; an edit to one line updates that line', async () => {
    const letters = 'بتثجحخدذرزسشصضطظعغفقلمن';
    const word = (i: number) => { let w = ''; do { w += letters[i % letters.length]; i = Math.floor(i / letters.length); } while (i > 0); return w; };
    const records = Array.from({ length: 100_000 }, (_, i) =>
      (i % 10_000 === 5 ? `{"text": "${word(i)} غير مغلق"` : JSON.stringify({ text: `السجل ${word(i)} من مجموعة بيانات كبيرة للتجربة` })));
    const { file, text } = write('large.jsonl', records);
    const uri = engine.open(file, text);
    const expected = diagnoseDataset(text).problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character} ${p.code}`).sort();
    assert.equal(expected.length, 10);
    const first = await engine.diagnosticsFor(uri, (ds) => ds.length === expected.length, 60_000);
    assert.deepEqual(located(first), expected);
    const [firstScreen] = engine.published.get(uri)!;
    const onFirstScreen = expected.filter((d) => Number(d.split(':')[0]) <= 1000);
    assert.equal(onFirstScreen.length, 1);
    assert.deepEqual(located(firstScreen), onFirstScreen, 'the first lines\' diagnostics went out before the whole file\'s');

    const edited = [...records];
    edited[70_000] = JSON.stringify({ text: makeMojibake('سجل تالف الترميز', 'windows-1252') });
    change(uri, `${edited.join('\n')}\n`);
    const after = await engine.diagnosticsFor(uri, (ds) => ds.length === expected.length + 1, 60_000);
    assert.deepEqual(located(after), [...expected, '70001:9 ALW011'].sort());
  });
});
