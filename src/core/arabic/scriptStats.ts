/**
 * How much of a text is Arabic, and where the characters the normalizer would remove or rewrite are.
 * Counts are in code points; offsets are UTF-16 code units (LSP positions, like src/core/lines.ts).
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
const CLASSIFY =
  /(?<arabic>(?=\p{Script=Arabic})\p{L})|(?<latin>(?=\p{Script=Latin})\p{L})|(?<letter>(?!\u0640)\p{L})|(?<digit>\p{Nd})/gu;

export function scriptCounts(text: string): ScriptCounts {
  const counts: ScriptCounts = { arabicLetters: 0, latinLetters: 0, otherLetters: 0, digits: 0, other: 0 };
  let classified = 0;
  for (const match of text.matchAll(CLASSIFY)) {
    const group = match.groups!;
    if (group.arabic) counts.arabicLetters++;
    else if (group.latin) counts.latinLetters++;
    else if (group.letter) counts.otherLetters++;
    else counts.digits++;
    classified++;
  }
  let codePoints = 0;
  for (const _ of text) codePoints++;
  counts.other = codePoints - classified;
  return counts;
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
