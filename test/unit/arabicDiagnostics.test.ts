/** ALW011–ALW016 through diagnoseDataset: exact ranges, severities, settings, and no false positives. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DatasetChecker, diagnoseDataset, type DiagnoseOptions } from '../../src/core/diagnostics/diagnoseDataset';
import { makeMojibake } from '../../src/core/diagnostics/mojibake';
import { stringValueEdits } from '../../src/core/datasets/recordEdits';
import { normalizeArabic } from '../../src/core/arabic/normalize';
import { DiagnosticCodes as C } from '../../src/protocol';

const samples = path.resolve(__dirname, '../../../samples');
const codes = (text: string, options?: DiagnoseOptions) =>
  diagnoseDataset(text, undefined, options).problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character} ${p.code}`);
const pretrain = (...texts: string[]) => texts.map((t) => JSON.stringify({ text: t })).join('\n');
const NEW_CODES = [C.mojibake, C.lowArabicShare, C.inconsistentNormalization, C.tooManyTokens, C.exactDuplicate, C.contamination];

test('the clean sample records get none of the new diagnostics', () => {
  for (const file of ['sft.jsonl', 'pretrain.jsonl', 'preferences.jsonl']) {
    const found = diagnoseDataset(readFileSync(path.join(samples, file), 'utf8')).problems.filter((p) => NEW_CODES.includes(p.code as never));
    assert.deepEqual(found, [], file);
  }
});

test('ALW011 mojibake: the broken run inside the string, a warning', () => {
  const broken = makeMojibake('اللغة العربية', 'windows-1252');
  const line = JSON.stringify({ text: `${broken} (UTF-8)` });
  const [p] = diagnoseDataset(line).problems;
  assert.equal(p.code, C.mojibake);
  assert.equal(p.severity, 'warning');
  assert.equal(line.slice(p.range.start.character, p.range.end.character), broken);
  assert.match(p.message, /windows-1252.*"اللغة العربية \(UTF-8\)"/);
});

test('ALW012 low Arabic share: expected-Arabic fields only; short text, code and URLs are not judged', () => {
  const english = 'This answer is written entirely in English, not Arabic.';
  assert.deepEqual(codes(pretrain(english)), ['1:8 ALW012']);
  assert.deepEqual(codes(pretrain('OK')), [], 'too short to judge');
  assert.deepEqual(codes(pretrain('استخدم الدالة التالية:\n```python\ndef add(a, b):\n    return a + b\n```')), [], 'code is not prose');
  assert.deepEqual(codes(pretrain('راجع الرابط https://example.com/some/long/english/path للمزيد')), []);
  assert.deepEqual(codes(pretrain('أطلقت شركة OpenAI نموذج GPT-4 في عام 2023 وتبعتها Google بنموذج Gemini.')), [], 'mixed Arabic/Latin/digits');
  const chat = JSON.stringify({ messages: [{ role: 'user', content: english }, { role: 'assistant', content: english }] });
  assert.deepEqual(codes(chat).map((c) => c.split(' ')[1]), ['ALW012'], 'the assistant turn, not the user turn');
  const pref = JSON.stringify({ prompt: 'س', chosen: english, rejected: english });
  assert.deepEqual(codes(pref), [`1:${pref.indexOf(english) - 1} ALW012`], 'chosen only (an English rejected answer is the lesson)');
  assert.deepEqual(codes(pretrain(english), { minArabicShare: 0 }), [], 'threshold 0 turns it off');
  assert.deepEqual(codes(pretrain('نص عربي قصير مع بعض الكلمات English words here and there and more')), ['1:8 ALW012']);
});

test('ALW013: tatweel and decomposed or unordered marks, not what ALW007–ALW010 report', () => {
  assert.deepEqual(codes(pretrain('جميـــل جداً')), ['1:8 ALW013']);
  assert.deepEqual(codes(pretrain('سا\u0654ل')), ['1:8 ALW013'], 'alef + combining hamza (NFC composes أ)');
  assert.deepEqual(codes(pretrain('مُحَمَّد')), [], 'one haraka per letter in canonical order');
  assert.deepEqual(codes(pretrain('مح\u064E\u0651مد')), [], 'fatha (ccc 30) then shadda (ccc 33) is canonical');
  assert.deepEqual(codes(pretrain('مح\u0651\u064Eمد')), ['1:8 ALW013'], 'shadda then fatha is reordered by NFC');
  assert.deepEqual(codes(pretrain('یک')).map((c) => c.split(' ')[1]), ['ALW009', 'ALW009'], 'Persian forms stay ALW009 only');
});

test('ALW015 exact duplicates: later copies point at the first; match-normalized; empty records are not duplicates', () => {
  const text = pretrain('مرحباً بالعالم', 'نص آخر', 'مرحبا بالعالم', 'مرحباً بالعالم') + '\n{"text": ""}\n{"text": ""}';
  const d = diagnoseDataset(text);
  const dups = d.problems.filter((p) => p.code === C.exactDuplicate);
  assert.deepEqual(dups.map((p) => [p.range.start.line, p.related?.range.start.line]), [[2, 0], [3, 0]]);
  assert.match(dups[0].message, /line 1/);
  assert.equal(dups[0].range.end.character, text.split('\n')[2].length);
});

test('ALW014 token length and ALW016 contamination through their options; severity overrides and off', () => {
  const countTokens = (t: string) => t.split(/\s+/).filter(Boolean).length;
  const text = pretrain('واحد اثنان ثلاثة أربعة', 'واحد');
  assert.deepEqual(codes(text, { countTokens, contextLength: 3 }), ['1:0 ALW014']);
  assert.deepEqual(codes(text, { countTokens, contextLength: 0 }), []);
  assert.deepEqual(codes(text, { countTokens, contextLength: 3, severity: { ALW014: 'off' } }), []);
  const contamination = (t: string) => (t.includes('اثنان') ? 'eval.jsonl#3' : undefined);
  const [hit] = diagnoseDataset(text, undefined, { contamination, severity: { ALW016: 'error' } }).problems;
  assert.equal(hit.code, C.contamination);
  assert.equal(hit.severity, 'error');
  assert.match(hit.message, /eval\.jsonl#3/);
  assert.deepEqual(codes('{"text": ""}', { severity: { ALW004: 'hint' } }), ['1:9 ALW004']);
  assert.equal(diagnoseDataset('{"text": ""}', undefined, { severity: { ALW004: 'hint' } }).problems[0].severity, 'hint');
});

test('the checker re-uses unchanged lines: same result as a fresh check after edits', () => {
  const lines = readFileSync(path.join(samples, 'sft.jsonl'), 'utf8').split('\n');
  const checker = new DatasetChecker();
  const before = checker.check(lines.join('\n'));
  assert.deepEqual(before, diagnoseDataset(lines.join('\n')));
  const edited = [...lines];
  edited[10] = lines[0]; // line 11 becomes a copy of line 1
  edited.splice(3, 0, makeMojibake('{"text": "نص"}', 'windows-1252'));
  assert.deepEqual(checker.check(edited.join('\n')), diagnoseDataset(edited.join('\n')));
  assert.deepEqual(checker.check(lines.join('\n')), before);
});

test('string value edits change only the strings that change, keeping the rest of the line', () => {
  const line = '{"text" :  "جميـــل",  "n": 1, "tags": ["ok", "یک"]}';
  const edits = stringValueEdits(line, (s) => normalizeArabic(s, 'safe'));
  assert.deepEqual(edits.map((e) => [line.slice(e.startCol, e.endCol), e.newText]), [['"جميـــل"', '"جميل"'], ['"یک"', '"يك"']]);
  assert.deepEqual(stringValueEdits('{"text": broken', (s) => s + 'x'), []);
});

test('fuzz: arbitrary lines, BOM, CRLF, invalid UTF-8 and huge lines never throw', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pieces = ['{', '}', '[', ']', '"', ':', ',', '\\u202e', '\\', 'text', 'messages', 'role', 'content', 'Ø§', 'ـ', '\u0654', 'ﻻ', ' ', '\r\n', '\n', '\uFEFF', '1', 'null'];
  for (let i = 0; i < 1000; i++) {
    const text = Array.from({ length: Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    diagnoseDataset(text);
    diagnoseDataset(JSON.stringify({ text }));
    diagnoseDataset(JSON.stringify({ messages: [{ role: 'assistant', content: text }] }));
    diagnoseDataset(new TextDecoder().decode(Uint8Array.from({ length: 80 }, () => Math.floor(random() * 256))));
  }
  const huge = `\uFEFF${JSON.stringify({ text: 'نص '.repeat(300_000) })}\r\n${JSON.stringify({ text: 'x'.repeat(1_000_000) })}`;
  assert.deepEqual(codes(huge).map((c) => c.split(' ')[1]), ['ALW012']);
});
