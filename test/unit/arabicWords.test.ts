import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenizeWords, wordCount } from '../../src/core/arabic/words';

const words = (text: string) => tokenizeWords(text).map((w) => w.text);

test('mixed Arabic, Latin and digits split on whitespace and punctuation', () => {
  assert.deepEqual(words('درّب النموذج GPT-4 على 2026 مثالاً، ثم قيّمه!'),
    ['درّب', 'النموذج', 'GPT', '4', 'على', '2026', 'مثالاً', 'ثم', 'قيّمه']);
  assert.deepEqual(words('«مرحبا»؛هل أنت بخير؟نعم.'), ['مرحبا', 'هل', 'أنت', 'بخير', 'نعم']);
});
test('harakat stay inside words', () => {
  assert.deepEqual(words('إِسْلَامٌ وَسَلَامٌ'), ['إِسْلَامٌ', 'وَسَلَامٌ']);
});
test('digit runs and numbers with separators are one word; Arabic-Indic digits too', () => {
  assert.deepEqual(words('٢٠٢٦ و 3.14 و 2,000 و ٣٫٥ و 1. 2'), ['٢٠٢٦', 'و', '3.14', 'و', '2,000', 'و', '٣٫٥', 'و', '1', '2']);
  assert.deepEqual(words('سنة 2026م'), ['سنة', '2026م']);
});
test('ZWNJ and tatweel join inside a word; a line of tatweels is not a word', () => {
  assert.deepEqual(words('می\u200Cخواهم الـGPU'), ['می\u200Cخواهم', 'الـGPU']);
  assert.deepEqual(words('ـــــ'), []);
});
test('offsets are UTF-16 positions; wordCount counts the same words', () => {
  const text = '😀 مرحبا، world';
  assert.deepEqual(tokenizeWords(text), [{ text: 'مرحبا', start: 3 }, { text: 'world', start: 10 }]);
  assert.equal(wordCount(text), 2);
  assert.equal(wordCount(''), 0);
  assert.equal(wordCount(' \n، '), 0);
});
