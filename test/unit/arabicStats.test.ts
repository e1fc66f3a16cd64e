import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeArabic } from '../../src/core/arabic/normalize';
import { seededRandom } from '../../src/core/curation/seededRandom';
import {
  arabicShare, findBidiControls, findPersianForms, findPresentationForms, findZeroWidth, hasBidiControls,
  scriptCounts,
} from '../../src/core/arabic/scriptStats';

test('scriptCounts: Arabic and Latin letters, digits of any script, the rest in other', () => {
  assert.deepEqual(scriptCounts('مرحبا GPT-4 ٢٠٢٦!'), {
    arabicLetters: 5, latinLetters: 3, otherLetters: 0, digits: 5, other: 4,
  });
  assert.deepEqual(scriptCounts('Привет 😀'), {
    arabicLetters: 0, latinLetters: 0, otherLetters: 6, digits: 0, other: 2,
  });
});
test('scriptCounts: the table-driven count equals the Unicode-property pattern on random text of every plane', () => {
  // The definition: \p{Script=Arabic} letters, \p{Script=Latin} letters, other letters (not tatweel), \p{Nd}.
  const pattern = /(?<arabic>(?=\p{Script=Arabic})\p{L})|(?<latin>(?=\p{Script=Latin})\p{L})|(?<letter>(?!\u0640)\p{L})|(?<digit>\p{Nd})/gu;
  const reference = (text: string) => {
    const counts = { arabicLetters: 0, latinLetters: 0, otherLetters: 0, digits: 0, other: 0 };
    let classified = 0;
    for (const match of text.matchAll(pattern)) {
      const g = match.groups!;
      if (g.arabic) counts.arabicLetters++;
      else if (g.latin) counts.latinLetters++;
      else if (g.letter) counts.otherLetters++;
      else counts.digits++;
      classified++;
    }
    counts.other = [...text].length - classified;
    return counts;
  };
  const random = seededRandom(7);
  const ranges = [[0, 0x7f], [0x80, 0x6ff], [0x600, 0x6ff], [0x750, 0x8ff], [0xd800, 0xdfff], [0xfb50, 0xfeff], [0, 0xffff], [0x10000, 0x10ffff]];
  for (let n = 0; n < 300; n++) {
    let text = '';
    for (let i = 0; i < 40; i++) {
      const [lo, hi] = ranges[Math.floor(random() * ranges.length)];
      const cp = lo + Math.floor(random() * (hi - lo + 1));
      text += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
    }
    assert.deepEqual(scriptCounts(text), reference(text), JSON.stringify(text));
  }
});
test('scriptCounts: harakat and tatweel are not letters; Persian letters and presentation forms are Arabic', () => {
  assert.deepEqual(scriptCounts('مُحَـمَّد'), { arabicLetters: 4, latinLetters: 0, otherLetters: 0, digits: 0, other: 5 });
  assert.equal(scriptCounts('یکﻻ').arabicLetters, 3);
});
test('arabicShare: Arabic letters over all letters; 0 without letters', () => {
  assert.equal(arabicShare('مرحبا'), 1);
  assert.equal(arabicShare('abc'), 0);
  assert.equal(arabicShare('نعم yes'), 0.5);
  assert.equal(arabicShare('١٢٣ ... 😀'), 0);
  assert.equal(arabicShare(''), 0);
});
test('findBidiControls: UTF-16 offsets of every Trojan Source character', () => {
  const text = 'a\u202Eb\u2066😀\u2069\u200E\u200F\u061C';
  assert.deepEqual(findBidiControls(text), [1, 3, 6, 7, 8, 9]);
  assert.ok(hasBidiControls(text));
  assert.ok(!hasBidiControls('مرحبا hello'));
  assert.ok(hasBidiControls('x\u202Ay') && hasBidiControls('x\u202Ay'), 'no regex state between calls');
});
test('findZeroWidth: ZWSP, ZWNJ, ZWJ, WJ, BOM; not a ZWJ joining emoji', () => {
  assert.deepEqual(findZeroWidth('\uFEFFa\u200Bb\u200Cc\u200Dd\u2060'), [0, 2, 4, 6, 8]);
  assert.deepEqual(findZeroWidth('👨\u200D👩'), []);
});
test('findPersianForms and findPresentationForms: what the normalizer rewrites', () => {
  assert.deepEqual(findPersianForms('یک ہھۃ ي'), [0, 1, 3, 4, 5]);
  assert.deepEqual(findPresentationForms('ﻻ ﷲ ﷽ ﴾ ب'), [0, 2], '﷽ and ﴾ have no decomposition');
});
test('after normalizing, the detectors find nothing', () => {
  const text = '\u202Eیک\u200Bﻻ ﷲ\u2066';
  assert.equal(findBidiControls(text).length + findZeroWidth(text).length, 3);
  const out = normalizeArabic(text, 'safe');
  assert.deepEqual([findBidiControls(out), findZeroWidth(out), findPersianForms(out), findPresentationForms(out)],
    [[], [], [], []]);
});
