import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { detectMojibake, makeMojibake } from '../../src/core/diagnostics/mojibake';

const samples = path.resolve(__dirname, '../../../samples');
const sampleStrings = () => ['sft.jsonl', 'pretrain.jsonl', 'preferences.jsonl'].flatMap((f) =>
  readFileSync(path.join(samples, f), 'utf8').split('\n').flatMap((line) => [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1])));

test('UTF-8 Arabic read as Windows-1252 is repaired, with the runs located', () => {
  const repair = detectMojibake('Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©');
  assert.equal(repair?.repaired, 'العربية');
  assert.equal(repair?.encoding, 'windows-1252');
  assert.deepEqual(repair?.runs, [[0, 14]]);
});

test('Windows-1252, Latin-1 and Windows-1256 mojibake of mixed text round-trips to the original', () => {
  const original = 'عاصمة المغرب هي مدينة الرباط (Rabat)، وعدد سكانها 577827 نسمة.';
  for (const encoding of ['windows-1252', 'windows-1256'] as const) {
    const broken = makeMojibake(original, encoding);
    assert.notEqual(broken, original);
    const repair = detectMojibake(broken);
    assert.equal(repair?.repaired, original, encoding);
    assert.equal(repair?.encoding, encoding);
  }
  const latin1 = Buffer.from(original, 'utf8').toString('latin1'); // C1 controls instead of € ‚ „ …
  assert.equal(detectMojibake(latin1)?.repaired, original);
});

test('no false positives: clean samples, Arabic with Latin and digits, Latin-1 words, one mangled letter', () => {
  for (const s of sampleStrings()) assert.equal(detectMojibake(s), undefined, s);
  for (const s of ['كيف حالك؟ ط؟ ظ، ع؛', 'café Über naïve Ñandú ÆØÅ © ® ±', 'الإصدار 3.14 من Python', 'ضغط؟ طب ظل عرب غرب', '']) {
    assert.equal(detectMojibake(s), undefined, s);
  }
  assert.equal(detectMojibake(makeMojibake('و', 'windows-1252')), undefined, 'a single letter is not evidence');
});

test('fuzz: arbitrary Unicode, invalid UTF-8 decoded, huge strings never throw', () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) {
    const length = Math.floor(random() * 40);
    const text = Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join('');
    detectMojibake(text);
    const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
    detectMojibake(new TextDecoder().decode(bytes));
    detectMojibake(Buffer.from(bytes).toString('latin1'));
  }
  const huge = makeMojibake('نص عربي طويل '.repeat(20_000), 'windows-1252');
  assert.equal(detectMojibake(huge)?.repaired, 'نص عربي طويل '.repeat(20_000));
});
