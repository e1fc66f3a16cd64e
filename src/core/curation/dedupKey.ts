/**
 * What makes two records "the same" for dedup and contamination checks: their text fields (chosen by the
 * record's dataset kind, so an `id` or a score does not make copies look different) through the `match`
 * normalization profile, and for exact dedup a 128-bit MurmurHash3 of that.
 */
import { normalizeArabic } from '../arabic/normalize';
import { kindOfRecord } from '../datasets/datasetKinds';
import { recordFields } from '../datasets/recordFields';
import { hashString128 } from './ngramsHash';

/**
 * The record's text fields in a fixed order (recordFields: the kind's fields and turn texts). A record of
 * no known kind contributes every string in it, in document order.
 */
export function recordTexts(record: unknown): string[] {
  const kind = kindOfRecord(record);
  return kind ? recordFields(kind, record).map((field) => field.text) : allStrings(record);
}

/** Every string in a JSON value, in document order; a loop, not recursion, so no nesting depth overflows the stack. */
function allStrings(root: unknown): string[] {
  const strings: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') {
      const children = Array.isArray(value) ? value : Object.values(value);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return strings;
}

/**
 * The text compared by dedup: each text field `match`-normalized, joined by U+0000 (which normalization
 * never produces), so moving words from one field to the next makes a different record.
 */
export function dedupText(record: unknown): string {
  return recordTexts(record).map((text) => normalizeArabic(text, 'match')).join('\u0000');
}

/** The 128-bit exact-dedup key of a record as four 32-bit words, written into `out`. */
export function dedupKeyWords(record: unknown, out = new Uint32Array(4)): Uint32Array {
  return hashString128(dedupText(record), out);
}

/** The exact-dedup key of a record as 32 hex digits (for display and diagnostics). */
export function dedupKey(record: unknown): string {
  const words = dedupKeyWords(record);
  return [...words].reverse().map((w) => w.toString(16).padStart(8, '0')).join('');
}
