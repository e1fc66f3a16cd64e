/**
 * The character classes shared by the Arabic normalizer and the detectors in scriptStats, so that what a
 * detector reports is exactly what the normalizer would change. Every pattern here is global ('g');
 * use them only with replace/matchAll (which reset lastIndex), never with test/exec.
 */

/** LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI and the Arabic letter mark: the Trojan Source set. */
export const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * ZWSP, ZWNJ, ZWJ, word joiner and ZWNBSP/BOM anywhere in the text. A ZWJ between two emoji (after an
 * optional skin-tone modifier or VS16) is kept: there it is part of one emoji (👨‍👩‍👧), not hidden text.
 */
export const ZERO_WIDTH =
  /[\u200B\u200C\u2060\uFEFF]|\u200D(?!\p{Extended_Pictographic})|(?<!\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]?)\u200D/gu;

export const TATWEEL = /\u0640/g;

/** Tanween, harakat, shadda, sukun (U+064B–U+0652) and the dagger alef U+0670: CAMeL Tools' dediac set. */
export const DIACRITIC = /[\u064B-\u0652\u0670]/g;

/** Quranic annotation signs: small high ligatures, pause marks, small letters, rub el hizb, sajdah. */
export const QURANIC_MARK = /[\u0610-\u061A\u06D6-\u06ED]/g;

/** Presentation Forms-A (U+FB50–U+FDFF) and -B (U+FE70–U+FEFF); only those NFKC changes are forms to undo. */
export const PRESENTATION_RANGE = /[\uFB50-\uFDFF\uFE70-\uFEFF]/g;

/** Persian and Urdu letter forms that stand for an Arabic letter (see PERSIAN_TO_ARABIC). */
export const PERSIAN_LETTER = /[\u06A9\u06BE\u06C1\u06C3\u06CC]/g;

export const PERSIAN_TO_ARABIC: Readonly<Record<string, string>> = {
  '\u06CC': '\u064A', // ی Farsi yeh → ي (Persian uses one yeh, dotless when final; Arabic ي is the dotted one)
  '\u06A9': '\u0643', // ک keheh → ك
  '\u06C1': '\u0647', // ہ heh goal (Urdu heh) → ه
  '\u06BE': '\u0647', // ھ heh doachashmee (Urdu aspiration heh, also typed for initial heh) → ه
  '\u06C3': '\u0629', // ۃ teh marbuta goal (Urdu) → ة
};

/** Alef with hamza above/below, alef with madda, alef wasla: CAMeL Tools' normalize_alef_ar set. */
export const HAMZATED_ALEF = /[\u0622\u0623\u0625\u0671]/g;

/** Any alef followed by its combining marks; the combining madda/hamza (U+0653–U+0655) among them go too. */
export const ALEF_WITH_MARKS = /[\u0622\u0623\u0625\u0627\u0671]\p{M}*/gu;
export const COMBINING_HAMZA_MADDA = /[\u0653-\u0655]/g;

export const ALEF_MAKSURA = /\u0649/g;
export const TEH_MARBUTA = /\u0629/g;

/** Arabic-Indic (U+0660–U+0669) and Extended Arabic-Indic / Persian (U+06F0–U+06F9) digits. */
export const EASTERN_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/g;

export const ARABIC_PUNCTUATION = /[\u060C\u061B\u061F]/g;
export const ARABIC_TO_LATIN_PUNCTUATION: Readonly<Record<string, string>> = {
  '\u060C': ',',
  '\u061B': ';',
  '\u061F': '?',
};

/**
 * An optional character of the Arabic blocks (U+0600–U+06FF, U+0750–U+077F, U+0870–U+08FF) followed by
 * that block's combining marks: the only places where NFC changes Arabic text (composing alef, waw, yeh,
 * heh and yeh barree with U+0653–U+0655, and putting stacked harakat in canonical order).
 */
export const ARABIC_MARK_CLUSTER =
  /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF]?(?:(?=[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF])\p{M})+/gu;

/** Horizontal whitespace: tab, VT, FF, space, NBSP and the Unicode space separators. */
export const HORIZONTAL_SPACE = /[\t\v\f \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
export const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;
