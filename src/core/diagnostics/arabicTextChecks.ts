/**
 * Checks of a text field's Arabic: mojibake (ALW011), too little Arabic where Arabic is expected (ALW012),
 * and forms the `safe` normalization would change that ALW007–ALW010 do not already report (ALW013:
 * tatweel, and harakat or hamza/madda that are decomposed or not in canonical order).
 *
 * ALW012 judges letters only (digits, punctuation and spaces do not count) after dropping fenced and inline
 * code and URLs, and skips fields with fewer than MIN_LETTERS_FOR_SHARE letters left: short
 * answers, numbers, names and code are not "non-Arabic text".
 */
import { DiagnosticCodes } from '../../protocol';
import { normalizeArabic } from '../arabic/normalize';
import { scriptCounts } from '../arabic/scriptStats';
import { detectMojibake, mayBeMojibake } from './mojibake';
import type { RecordField } from '../datasets/recordFields';
import type { RecordProblem } from './validateRecord';

export interface ArabicTextOptions {
  /** Minimum share of Arabic letters in fields expected to be Arabic (default 0.5). */
  minArabicShare?: number;
}

export const DEFAULT_MIN_ARABIC_SHARE = 0.5;
export const MIN_LETTERS_FOR_SHARE = 20;

/** A character that could be a letter of another script than Arabic (a text without one is all Arabic). */
const NON_ARABIC_LETTER_HINT = /[A-Za-z\u00AA\u00B5\u00BA\u00C0-\u05FF\u0700-\u074F\u0780-\u089F\u0900-\u1FFF\u2070-\uFB4F\uFE00-\uFE6F\uFF00-\uFFFF]/;
// Each alternative starts with a literal, so a huge line costs linear time (an e-mail pattern did not).
const NOT_PROSE = /```[\s\S]*?(?:```|$)|`[^`\n]*`|\b(?:https?:\/\/|www\.)\S+/g;
/**
 * What removeTatweel and composeArabic can change: tatweel, a combining hamza/madda, or two marks in a row
 * (whose order NFC may fix). One haraka on a letter — most vocalized text — needs no look.
 */
const SAFE_ONLY_HINT = /\u0640|[\u0653-\u0655]|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08CA-\u08FF]{2}/;
const TATWEEL = /\u0640/g;

export function arabicTextProblems(field: RecordField, options: ArabicTextOptions): RecordProblem[] {
  const mojibake = mojibakeProblem(field);
  if (mojibake) return [mojibake]; // its share and forms say nothing until it is repaired
  const share = lowArabicShareProblem(field, options);
  const normalization = normalizationProblem(field);
  if (!share && !normalization) return [];
  return [share, normalization].filter((p): p is RecordProblem => !!p);
}

function mojibakeProblem(field: RecordField): RecordProblem | undefined {
  if (!mayBeMojibake(field.text)) return undefined;
  const repair = detectMojibake(field.text);
  if (!repair) return undefined;
  const preview = repair.repaired.length > 40 ? `${repair.repaired.slice(0, 40)}…` : repair.repaired;
  return {
    code: DiagnosticCodes.mojibake, severity: 'warning', path: field.path,
    message: `Mojibake: UTF-8 Arabic decoded as ${repair.encoding}; it reads "${preview}" when repaired`,
    within: (source) => (source === JSON.stringify(field.text)
      ? [[repair.runs[0][0] + 1, repair.runs[repair.runs.length - 1][1] + 1]]
      : undefined),
  };
}

/** Arabic letters / letters of the prose in a text, or undefined when it has too few letters to judge. */
export function proseArabicShare(text: string): number | undefined {
  const counts = scriptCounts(text.replace(NOT_PROSE, ' '));
  const letters = counts.arabicLetters + counts.latinLetters + counts.otherLetters;
  return letters < MIN_LETTERS_FOR_SHARE ? undefined : counts.arabicLetters / letters;
}

function lowArabicShareProblem(field: RecordField, options: ArabicTextOptions): RecordProblem | undefined {
  if (!field.expectArabic || !NON_ARABIC_LETTER_HINT.test(field.text)) return undefined;
  const min = options.minArabicShare ?? DEFAULT_MIN_ARABIC_SHARE;
  const share = proseArabicShare(field.text);
  if (share === undefined || share >= min) return undefined;
  return {
    code: DiagnosticCodes.lowArabicShare, severity: 'warning', path: field.path,
    message: `Only ${Math.round(share * 100)}% of the letters are Arabic (expected at least ${Math.round(min * 100)}% in this field)`,
  };
}

function normalizationProblem(field: RecordField): RecordProblem | undefined {
  if (!SAFE_ONLY_HINT.test(field.text)) return undefined;
  const tatweels = field.text.match(TATWEEL)?.length ?? 0;
  const composed = normalizeArabic(field.text, { composeArabic: true });
  if (tatweels === 0 && composed === field.text) return undefined;
  const what = [
    tatweels ? `${tatweels} tatweel(s) (ـ)` : '',
    composed !== field.text ? 'harakat or hamza/madda written decomposed or out of canonical order' : '',
  ].filter(Boolean).join(' and ');
  return {
    code: DiagnosticCodes.inconsistentNormalization, severity: 'information', path: field.path,
    message: `Not normalized: ${what}; the same word can then be spelled in more than one way (the "safe" normalization fixes it)`,
  };
}
