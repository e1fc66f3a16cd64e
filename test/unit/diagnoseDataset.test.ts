import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { diagnoseDataset } from '../../src/core/diagnostics/diagnoseDataset';
import { DiagnosticCodes } from '../../src/protocol';

const samples = path.resolve(__dirname, '../../../samples');
const located = (text: string) =>
  diagnoseDataset(text).problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code}`);

test('sample SFT file: each deliberately broken line at its exact position', () => {
  const d = diagnoseDataset(readFileSync(path.join(samples, 'sft.jsonl'), 'utf8'));
  assert.equal(d.kind, 'chat');
  assert.equal(d.records, 23);
  assert.deepEqual(d.problems.map((p) => [p.range.start.line + 1, p.code]), [
    [11, DiagnosticCodes.missingField], [15, DiagnosticCodes.emptyField],
    [19, DiagnosticCodes.jsonSyntax], [20, DiagnosticCodes.missingField],
  ]);
  const empty = d.problems[1];
  const line15 = readFileSync(path.join(samples, 'sft.jsonl'), 'utf8').split('\n')[14];
  assert.equal(line15.slice(empty.range.start.character, empty.range.end.character), '""', 'range covers the empty string');
});

test('sample pre-training and preference files', () => {
  const pre = diagnoseDataset(readFileSync(path.join(samples, 'pretrain.jsonl'), 'utf8'));
  assert.equal(pre.kind, 'pretrain');
  assert.deepEqual(pre.problems.map((p) => p.range.start.line + 1), [16, 22, 31, 33]);
  assert.match(pre.problems[3].message, /whitespace/);
  const pref = diagnoseDataset(readFileSync(path.join(samples, 'preferences.jsonl'), 'utf8'));
  assert.equal(pref.kind, 'preference');
  assert.deepEqual(pref.problems.map((p) => `${p.range.start.line + 1} ${p.code}`),
    ['7 ALW004', '10 ALW003', '12 ALW001']);
});

test('syntax errors point at the column where parsing stopped', () => {
  assert.deepEqual(located('{"text": "a"}\n{"text" "b"}\n'), ['2:9 ALW001']);
  assert.deepEqual(located('{"text": "a"}\n{"text": "b"'), ['2:13 ALW001']);
  assert.deepEqual(located('{"text": "a"} trailing'), ['1:15 ALW001']);
});

test('BOM, CRLF, blank lines and a missing final newline do not shift positions', () => {
  const text = '\uFEFF{"text": "أ"}\r\n\r\n{"text": ""}\r\n{"text": "ب"}';
  const d = diagnoseDataset(text);
  assert.equal(d.records, 3);
  assert.deepEqual(d.problems.map((p) => [p.range.start.line, p.range.start.character, p.range.end.character]), [[2, 9, 11]]);
});

test('records that are not objects, and files of no known kind', () => {
  assert.deepEqual(located('{"text": "a"}\n[1, 2]\n'), ['2:1 ALW002']);
  const unknown = diagnoseDataset('{"foo": 1}\n{"bar": 2}\n');
  assert.equal(unknown.kind, undefined);
  assert.equal(unknown.problems[0].code, DiagnosticCodes.unknownKind);
});

test('ShareGPT, instruction and chat-form preference records are validated by their own fields', () => {
  const sharegpt = '{"conversations": [{"from": "human", "value": "مرحبا"}, {"from": "gpt"}]}';
  assert.deepEqual(located(sharegpt), [`1:${sharegpt.indexOf('{"from": "gpt"}') + 1} ALW003`]);
  assert.deepEqual(located('{"instruction": "ترجم", "input": "", "output": "  "}'), ['1:48 ALW004']);
  const chatPref = '{"prompt": [{"role": "user", "content": "س"}], "chosen": [{"role": "assistant", "content": "ج"}], "rejected": [{"role": "assistant", "content": ""}]}';
  assert.deepEqual(located(chatPref).map((s) => s.split(' ')[1]), ['ALW004']);
});

test('a kind override checks every record against that kind', () => {
  const d = diagnoseDataset('{"text": "x"}\n', 'preference');
  assert.deepEqual(d.problems.map((p) => p.message).sort(), [
    'Missing field "chosen" required by preference pairs records',
    'Missing field "prompt" required by preference pairs records',
    'Missing field "rejected" required by preference pairs records',
  ]);
});

test('Trojan Source bidi controls, zero-width characters, Persian and presentation forms are located', () => {
  const line = '{"text": "مرحبا\u202e بالعالم\u200b", "note": "x"}';
  const d = diagnoseDataset(line);
  assert.deepEqual(d.problems.map((p) => [p.code, p.severity, p.range.start.character]), [
    [DiagnosticCodes.bidiControl, 'warning', line.indexOf('\u202e')],
    [DiagnosticCodes.zeroWidth, 'warning', line.indexOf('\u200b')],
  ]);
  const escaped = '{"text": "abc\\u202edef"}';
  const [whole] = diagnoseDataset(escaped).problems;
  assert.equal(whole.code, DiagnosticCodes.bidiControl);
  assert.deepEqual([whole.range.start.character, whole.range.end.character], [9, escaped.length - 1], 'escaped: the whole value');
  const forms = diagnoseDataset('{"messages": [{"role": "user", "content": "یک سؤال ﻻ"}]}').problems.map((p) => p.code);
  assert.deepEqual(forms, [DiagnosticCodes.persianForms, DiagnosticCodes.persianForms, DiagnosticCodes.presentationForms]);
});
