/**
 * Reading the answer out of a model's response, two ways.
 *
 * `acegpt` is the AceGPT harness exactly: for multiple choice, the letters A–D found anywhere in the first line,
 * de-duplicated, sorted and joined ("B", or "AB", which then matches no gold letter); for ACVA, the first match
 * of نعم|لا in the lower-cased first line, inside a word or not.
 *
 * `arabic` reads whole words of the first line that has text, normalised with the `match` profile (hamza forms,
 * tatweel, diacritics, Arabic-Indic digits): Latin and Arabic option letters (أ ب ج د …, or the option numbers
 * when the options are numbered), or the yes/no label words of the definition; the first label word decides.
 * Nothing readable is `undefined` (unparsed), never a guess.
 */
import { normalizeArabic } from '../arabic/normalize';
import { tokenizeWords } from '../arabic/words';

export type ExtractionMode = 'acegpt' | 'arabic';
export const EXTRACTION_MODES: readonly ExtractionMode[] = ['arabic', 'acegpt'];

export type YesNo = 'yes' | 'no';

export interface ChoiceLabels {
  /** The option labels as in the data (A, B, C, D). */
  labels: readonly string[];
  /** Options are numbers (1, 2, 3, 4): Arabic-Indic digits read as the same number. */
  numbered?: boolean;
}

export interface YesNoLabels {
  yes: readonly string[];
  no: readonly string[];
}

/** The Arabic letters options are named with, in abjad order: أ ب ج د ه و ز ح ط ي. */
const ARABIC_OPTION_LETTERS = ['\u0623', '\u0628', '\u062C', '\u062F', '\u0647', '\u0648', '\u0632', '\u062D', '\u0637', '\u064A'];

const matchWords = (text: string) => tokenizeWords(normalizeArabic(text, 'match')).map((w) => w.text);

const firstLine = (response: string) => response.split('\n')[0];
const firstLineWithText = (response: string) => response.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';

export function acegptChoice(response: string): string | undefined {
  const letters = [...new Set(firstLine(response).match(/[ABCD]/g) ?? [])].sort().join('');
  return letters || undefined;
}

export function acegptYesNo(response: string): YesNo | undefined {
  const match = /نعم|لا/.exec(firstLine(response).toLowerCase());
  return match ? (match[0] === 'نعم' ? 'yes' : 'no') : undefined;
}

/** A reader of choice words: normalised word → the data's label. */
export function choiceReader(choices: ChoiceLabels): (text: string) => string | undefined {
  const words = new Map<string, string>();
  choices.labels.forEach((label, i) => {
    words.set(matchWords(label).join(' '), label);
    if (!choices.numbered && ARABIC_OPTION_LETTERS[i]) words.set(matchWords(ARABIC_OPTION_LETTERS[i]).join(' '), label);
  });
  return (text) => firstLabel(matchWords(text), words);
}

export function yesNoReader(labels: YesNoLabels): (text: string) => YesNo | undefined {
  const words = new Map<string, YesNo>();
  for (const label of labels.yes) words.set(matchWords(label).join(' '), 'yes');
  for (const label of labels.no) words.set(matchWords(label).join(' '), 'no');
  return (text) => firstLabel(matchWords(text), words);
}

/** The label whose words come first in `words` (labels may be several words; the longest wins at a place). */
function firstLabel<T>(words: string[], labels: Map<string, T>): T | undefined {
  const lengths = [...new Set([...labels.keys()].map((k) => k.split(' ').length))].sort((a, b) => b - a);
  for (let i = 0; i < words.length; i++) {
    for (const length of lengths) {
      const found = labels.get(words.slice(i, i + length).join(' '));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The `arabic` extraction: the first label word on the first line that has text. */
export function arabicAnswer<T>(response: string, read: (text: string) => T | undefined): T | undefined {
  return read(firstLineWithText(response));
}
