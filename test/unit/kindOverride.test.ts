import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertRecord, ConversionError } from '../../src/core/formats/convertRecord';
import { globToRegExp, kindOverrideFor } from '../../src/core/datasets/kindOverride';

test('globs: ** spans folders, * stays within a name, {a,b} alternatives, names match anywhere', () => {
  assert.ok(globToRegExp('data/**/*.jsonl').test('data/a/b/x.jsonl'));
  assert.ok(globToRegExp('data/**/*.jsonl').test('data/x.jsonl'));
  assert.ok(!globToRegExp('data/*.jsonl').test('data/a/x.jsonl'));
  assert.ok(globToRegExp('*.{csv,parquet}').test('mmlu.csv'));
  const overrides = { 'eval/**/*.csv': 'mcq', 'acva*.jsonl': 'yesno', 'x.jsonl': 'not-a-kind' };
  assert.equal(kindOverrideFor('eval/mmlu/anatomy_dev.csv', overrides), 'mcq');
  assert.equal(kindOverrideFor('deep/folder/acva_dev.jsonl', overrides), 'yesno');
  assert.equal(kindOverrideFor('x.jsonl', overrides), undefined, 'an unknown kind is ignored');
  assert.equal(kindOverrideFor('other.jsonl', overrides), undefined);
});

test('instruction → chat → ShareGPT → instruction round trip keeps the text and extra fields', () => {
  const instruction = { id: 7, system: 'أنت مساعد مفيد.', instruction: 'اشرح المثل: "الوقت كالسيف"', input: '', output: 'يعني أن الوقت ثمين 100%.' };
  const chat = convertRecord(instruction, 'chat');
  assert.deepEqual(chat, { messages: [
    { role: 'system', content: 'أنت مساعد مفيد.' }, { role: 'user', content: instruction.instruction }, { role: 'assistant', content: instruction.output },
  ], id: 7 });
  const sharegpt = convertRecord(chat, 'sharegpt');
  assert.deepEqual((sharegpt.conversations as { from: string }[]).map((t) => t.from), ['system', 'human', 'gpt']);
  assert.deepEqual(convertRecord(sharegpt, 'instruction'), instruction);
  const withInput = convertRecord({ instruction: 'ترجم', input: 'Good morning', output: 'صباح الخير' }, 'chat');
  assert.equal((withInput.messages as { content: string }[])[0].content, 'ترجم\n\nGood morning');
});

test('conversions that would lose turns are refused with a reason', () => {
  const multi = { messages: [{ role: 'user', content: 'س١' }, { role: 'assistant', content: 'ج١' }, { role: 'user', content: 'س٢' }, { role: 'assistant', content: 'ج٢' }] };
  assert.throws(() => convertRecord(multi, 'instruction'), /single user → assistant exchange.*4 turns/);
  assert.throws(() => convertRecord({ text: 'نص خام' }, 'chat'), ConversionError);
  assert.throws(() => convertRecord({ conversations: [{ from: 'robot', value: 'x' }] }, 'chat'), /robot/);
});
