import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxNormalizedLength, normalizeArabic, PROFILES, resolveOptions } from '../../src/core/arabic/normalize';

const safe = (text: string) => normalizeArabic(text, 'safe');
const match = (text: string) => normalizeArabic(text, 'match');

test('match unifies alef forms, drops diacritics; safe keeps hamza and harakat', () => {
  assert.equal(match('إِسْلَام'), 'اسلام');
  assert.equal(safe('إِسْلَام'), 'إِسْلَام');
  assert.equal(match('أحمد'), match('احمد'));
  assert.equal(match('آمن ٱلله'), 'امن الله');
  assert.equal(safe('أحمد'), 'أحمد');
});
test('alef with a combining hamza or madda: composed in safe, bare alef in match', () => {
  assert.equal(safe('ا\u0654حمد'), 'أحمد');
  assert.equal(match('ا\u0654حمد'), match('أحمد'));
  assert.equal(match('أ\u0654'), 'ا');
  assert.equal(safe('سو\u0654ال'), 'سؤال');
  assert.equal(match('ى\u0654'), 'ئ', 'ى becomes ي before composing with the hamza');
});
test('teh marbuta and alef maksura: mapped in match, kept in safe', () => {
  assert.equal(match('مدرسة'), 'مدرسه');
  assert.equal(safe('مدرسة'), 'مدرسة');
  assert.equal(match('على مستشفى'), 'علي مستشفي');
  assert.equal(safe('على'), 'على');
});
test('diacritics including the dagger alef; shadda and stacked harakat', () => {
  assert.equal(match('هٰذَا'), 'هذا');
  assert.equal(match('مُحَمَّدٌ'), 'محمد');
  assert.equal(safe('مُحَمَّدٌ'), 'مُحَمَّدٌ');
  assert.equal(safe('م\u0651\u064E'), 'م\u064E\u0651', 'canonical order: fatha before shadda');
});
test('Quranic annotation marks are removed in match only', () => {
  const ayah = 'ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ فِيهِۛ';
  assert.equal(match(ayah), 'ذلك الكتب لا ريب فيه');
  assert.equal(match('صلى الله عليه وسلم\u0610'), 'صلي الله عليه وسلم');
  assert.ok(safe(ayah).includes('\u06DB'));
});
test('tatweel is removed in both profiles', () => {
  assert.equal(safe('كـــتـــاب'), 'كتاب');
  assert.equal(match('جمـيـل'), 'جميل');
});
test('presentation forms become base letters; nothing else goes through NFKC', () => {
  assert.equal(safe('ﻻ'), 'لا');
  assert.equal(safe('ﺑﺴﻢ'), 'بسم');
  assert.equal(safe('ﷲ'), 'الله');
  assert.equal(safe('ﷺ'), 'صلى الله عليه وسلم');
  assert.equal(safe('ﻵ'), 'لآ');
  assert.equal(match('ﻷ'), 'لا');
  assert.equal(safe('﷽'), '﷽', 'no decomposition: kept');
  assert.equal(safe('ﬁ ① ² Ａ'), 'ﬁ ① ² Ａ', 'Latin ligatures and other compatibility characters are untouched');
});
test('Arabic-Indic and Persian digits become ASCII in match', () => {
  assert.equal(match('٢٠٢٦'), '2026');
  assert.equal(match('۱۴۰۵'), '1405');
  assert.equal(safe('٢٠٢٦'), '٢٠٢٦');
});
test('Persian and Urdu letter forms become Arabic in both profiles', () => {
  assert.equal(safe('یک'), 'يك');
  assert.equal(safe('کتاب'), 'كتاب');
  assert.equal(safe('ہ ھ ۃ'), 'ه ه ة');
  assert.equal(match('مدرسۃ'), 'مدرسه');
});
test('bidi controls and zero-width characters are removed; a ZWJ inside an emoji is kept', () => {
  assert.equal(safe('\u202Eمرحبا\u202C \u2067abc\u2069\u200F'), 'مرحبا abc');
  assert.equal(safe('\u061Cنص\u200E'), 'نص');
  assert.equal(safe('\uFEFFكل\u200Bمة\u200C\u200D\u2060'), 'كلمة');
  assert.equal(safe('👨\u200D👩\u200D👧'), '👨\u200D👩\u200D👧');
  assert.equal(safe('👍🏽\u200D👍'), '👍🏽\u200D👍');
  assert.equal(safe('a\u200D👩'), 'a👩');
});
test('whitespace: runs collapse, ends trimmed, newlines kept unless asked', () => {
  assert.equal(safe('  مرحبا \t\u00A0 بكم  \n\n  سطر\u3000ثان \r\n'), 'مرحبا بكم\n\nسطر ثان');
  assert.equal(normalizeArabic('أ\nب', { ...PROFILES.safe, newlinesToSpaces: true }), 'أ ب');
});
test('Arabic punctuation → Latin only when asked', () => {
  assert.equal(match('نعم، لا؛ لماذا؟'), 'نعم، لا؛ لماذا؟');
  assert.equal(normalizeArabic('نعم، لا؛ لماذا؟', { latinPunctuation: true }), 'نعم, لا; لماذا?');
});
test('options: left-out options are off; unknown profile throws; profiles are frozen', () => {
  assert.equal(normalizeArabic('أَ  ة', {}), 'أَ  ة');
  assert.equal(normalizeArabic('أَ  ة', { removeDiacritics: true }), 'أ  ة');
  assert.equal(normalizeArabic('أ', undefined), 'أ');
  assert.throws(() => resolveOptions('loose' as 'safe'), /unknown Arabic normalization profile/);
  assert.ok(Object.isFrozen(PROFILES.match));
});

// Seeded generator (mulberry32) of arbitrary strings weighted toward the interesting blocks.
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const POOLS: Array<[number, number]> = [
  [0x0600, 0x06ff], [0x0600, 0x06ff], [0x0750, 0x077f], [0x0870, 0x08ff], [0xfb50, 0xfdff], [0xfe70, 0xfeff],
  [0x0653, 0x0655], [0x064b, 0x0652], [0x0300, 0x036f], [0x0020, 0x007e], [0x0009, 0x000d], [0x0000, 0x001f],
  [0x0080, 0x00a0], [0x2000, 0x206f], [0x3000, 0x3000], [0xd800, 0xdfff], [0x1f300, 0x1f3ff], [0x1f466, 0x1f469],
  [0xfe0f, 0xfe0f], [0x0000, 0x10ffff],
];
function randomText(next: () => number): string {
  let text = '';
  const length = Math.floor(next() * 24);
  for (let i = 0; i < length; i++) {
    const [lo, hi] = POOLS[Math.floor(next() * POOLS.length)];
    const cp = lo + Math.floor(next() * (hi - lo + 1));
    text += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  }
  return text;
}
function forAll(seed: number, property: (text: string) => void): void {
  const next = random(seed);
  for (let i = 0; i < 2000; i++) {
    const text = randomText(next);
    try {
      property(text);
    } catch (error) {
      throw new Error(`case ${i}: ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  }
}

const EVERYTHING = Object.fromEntries(Object.keys(PROFILES.match).map((k) => [k, true]));
const SETTINGS = [['safe', PROFILES.safe], ['match', PROFILES.match], ['every option', EVERYTHING]] as const;
const FORBIDDEN = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/;
const STRAY_ZWJ = /\u200D(?!\p{Extended_Pictographic})|(?<!\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]?)\u200D/u;

for (const [name, options] of SETTINGS) {
  test(`property (${name}): idempotent and never throws on arbitrary strings`, () => {
    forAll(1, (text) => {
      const once = normalizeArabic(text, options);
      assert.equal(normalizeArabic(once, options), once);
    });
  });
  test(`property (${name}): no longer than the input plus what NFKC adds to presentation forms`, () => {
    forAll(2, (text) => {
      const out = normalizeArabic(text, options);
      assert.ok(out.length <= maxNormalizedLength(text), `${out.length} > ${maxNormalizedLength(text)}`);
      if (!/[\uFB50-\uFDFF\uFE70-\uFEFF]/.test(text)) assert.ok(out.length <= text.length);
      assert.ok(out.length <= 18 * text.length);
    });
  });
  test(`property (${name}): no bidi controls or zero-width characters left`, () => {
    forAll(3, (text) => {
      const out = normalizeArabic(text, options);
      assert.ok(!FORBIDDEN.test(out) && !STRAY_ZWJ.test(out), JSON.stringify(out));
    });
  });
}

test('maxNormalizedLength: ﷺ adds 17 units, ﻻ adds 1, plain text adds none', () => {
  assert.equal(maxNormalizedLength('ﷺ'), 18);
  assert.equal(maxNormalizedLength('ﻻ ب'), 4);
  assert.equal(maxNormalizedLength('مرحبا'), 5);
});
