/**
 * A cheap screen for exact duplicates (ALW015): two records can only share a dedupKey (their texts through the
 * `match` normalization) if they share the letters that normalization never creates, removes or changes —
 * ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ل م ن and Latin letters (alef, hamza seats, yeh, kaf, heh, teh
 * marbuta and waw are mapped or composed; digits are mapped). Only records that share a screening key pay for
 * the normalization. Presentation forms expand into any letter, so texts with them are normalized first.
 */
import { normalizeArabic } from '../arabic/normalize';

/** 1 for Latin letters and ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ل م ن; indexed by UTF-16 code unit below 0x700. */
const STABLE = new Uint8Array(0x700);
for (let c = 0x41; c <= 0x5a; c++) STABLE[c] = STABLE[c + 0x20] = 1;
for (const c of [0x628, 0x641, 0x642, 0x644, 0x645, 0x646]) STABLE[c] = 1;
for (let c = 0x62a; c <= 0x63a; c++) STABLE[c] = 1;

const isPresentationForm = (c: number) => (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff);

/**
 * Records (their recordTexts) with different screening keys are never exact duplicates. Two 32-bit
 * multiplicative hashes of the stable letters (fields separated), computed without building a string; equal
 * keys only mean the records are worth comparing exactly.
 */
export function duplicateScreeningKey(texts: readonly string[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  let count = 0;
  for (const raw of texts) {
    let text = raw;
    let normalized = false;
    const f1 = h1;
    const f2 = h2;
    const n = count;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x700) {
        if (!normalized && isPresentationForm(c)) {
          // Presentation forms expand into any letter: start this text again, normalized.
          text = normalizeArabic(raw, 'match');
          normalized = true;
          h1 = f1;
          h2 = f2;
          count = n;
          i = -1;
        }
        continue;
      }
      if (STABLE[c] === 0) continue;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
      count++;
    }
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193); // field separator
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995) ^ (h2 >>> 15);
  }
  // 53 bits, exact as a double: 32 of one hash and 21 of the other mixed with the letter count.
  return (h1 >>> 0) * 0x200000 + ((h2 ^ Math.imul(count, 0x9e3779b1)) >>> 11);
}
