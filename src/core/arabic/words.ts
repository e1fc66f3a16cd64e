/**
 * Word tokenization for Arabic, Latin and digits: a word is a run of letters, combining marks and digits,
 * so harakat stay inside their word and whitespace and punctuation (، ؛ ؟ « » included) split words.
 * Inside a word, ZWNJ/ZWJ (Persian می‌خواهم) and tatweel (الـGPU) join; a '.', ',', '٫' or '٬' between two
 * digits joins a number (3.14, 2,000, ٣٫٥). Clitics (و، ال، ب…) are not split off: that needs morphology.
 */
export interface WordToken {
  text: string;
  /** UTF-16 offset of the word's first character. */
  start: number;
}

// A word starts with a letter other than tatweel, or a digit, so a line of tatweels is not a word.
const WORD =
  /(?!\u0640)[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}]*(?:(?:[\u200C\u200D]+|(?<=\p{Nd})[.,\u066B\u066C](?=\p{Nd}))[\p{L}\p{M}\p{Nd}]+)*/gu;

export function tokenizeWords(text: string): WordToken[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index! }));
}

export function wordCount(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(WORD)) count++;
  return count;
}
