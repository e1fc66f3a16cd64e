/**
 * How much of a text is Arabic, and where the characters the normalizer would remove or rewrite are.
 * Counts are in code points; offsets are UTF-16 code units (LSP positions, like src/core/formats/lines.ts).
 */
import { BIDI_CONTROL, PERSIAN_LETTER, PRESENTATION_RANGE, ZERO_WIDTH } from './charClasses';

export interface ScriptCounts {
  /** Letters of the Arabic script (Persian and Urdu letters and presentation forms included). */
  arabicLetters: number;
  latinLetters: number;
  /** Letters of any other script. */
  otherLetters: number;
  /** Decimal digits of any script (ASCII, Arabic-Indic, Persian, …). */
  digits: number;
  /** Everything else: spaces, punctuation, marks, symbols, controls, tatweel. */
  other: number;
}

// Tatweel U+0640 is a modifier letter of the Common script: a stretch of the line, not a letter.
const CLASSIFY = /^(?:(?<arabic>(?=\p{Script=Arabic})\p{L})|(?<latin>(?=\p{Script=Latin})\p{L})|(?<letter>(?!\u0640)\p{L})|(?<digit>\p{Nd}))$/u;

const ARABIC = 0;
const LATIN = 1;
const LETTER = 2;
const DIGIT = 3;
const OTHER = 4;
const UNKNOWN = 255;

function classifyByPattern(codePoint: number): number {
  const groups = CLASSIFY.exec(String.fromCodePoint(codePoint))?.groups;
  if (!groups) return OTHER;
  return groups.arabic ? ARABIC : groups.latin ? LATIN : groups.letter ? LETTER : DIGIT;
}

/** The class of every BMP code point, filled in as met (the Unicode pattern decides; the table remembers). */
const BMP_CLASS = new Uint8Array(0x10000).fill(UNKNOWN);

function classOf(codePoint: number): number {
  if (codePoint > 0xffff) return classifyByPattern(codePoint);
  let known = BMP_CLASS[codePoint];
  if (known === UNKNOWN) known = BMP_CLASS[codePoint] = classifyByPattern(codePoint);
  return known;
}

export function scriptCounts(text: string): ScriptCounts {
  const tally = [0, 0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    let codePoint = text.charCodeAt(i);
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    tally[classOf(codePoint)]++;
  }
  return { arabicLetters: tally[ARABIC], latinLetters: tally[LATIN], otherLetters: tally[LETTER], digits: tally[DIGIT], other: tally[OTHER] };
}

/** Arabic letters / all letters, in [0, 1]; 0 for a text with no letters. */
export function arabicShare(text: string): number {
  const { arabicLetters, latinLetters, otherLetters } = scriptCounts(text);
  const letters = arabicLetters + latinLetters + otherLetters;
  return letters === 0 ? 0 : arabicLetters / letters;
}

const offsetsOf = (text: string, pattern: RegExp, keep: (match: string) => boolean = () => true): number[] =>
  [...text.matchAll(pattern)].filter((m) => keep(m[0])).map((m) => m.index!);

/** Offsets of bidi control characters (each one UTF-16 unit): the Trojan Source characters. */
export function findBidiControls(text: string): number[] {
  return offsetsOf(text, BIDI_CONTROL);
}

export function hasBidiControls(text: string): boolean {
  return findBidiControls(text).length > 0;
}

/** Offsets of zero-width characters (a ZWJ inside an emoji sequence is not one). */
export function findZeroWidth(text: string): number[] {
  return offsetsOf(text, ZERO_WIDTH);
}

/** Offsets of the Persian/Urdu letter forms the normalizer maps to Arabic letters (ی ک ہ ھ ۃ). */
export function findPersianForms(text: string): number[] {
  return offsetsOf(text, PERSIAN_LETTER);
}

/** Offsets of Arabic presentation forms that NFKC changes (ﷲ, ﻻ, …; not ﷽ or ﴾, which have no decomposition). */
export function findPresentationForms(text: string): number[] {
  return offsetsOf(text, PRESENTATION_RANGE, (form) => form.normalize('NFKC') !== form);
}
