/**
 * Dataset statistics, one record at a time (files larger than memory): length histograms (characters,
 * words, tokens), Arabic share, exact duplicates, label balance, problems by code and fertility. Shared by
 * the engine's dataset panel and `alw stats`. Each record is measured on its text fields for its kind
 * (chat: the turns' contents, not the role names; src/core/recordFields).
 */
import type { DatasetStats, Histogram } from '../../protocol';
import { arabicShare } from '../arabic/scriptStats';
import { wordCount } from '../arabic/words';
import type { DatasetKind } from './datasetKinds';
import { preferenceFieldText } from '../preferences/preferencePair';
import { recordFields, recordFieldText } from './recordFields';

/** Counts the tokens of a text (the configured tokenizer), for token histograms and fertility. */
export type TokenCounter = (text: string) => number;

/** A record counts as Arabic text for fertility when at least this share of its letters is Arabic. */
export const FERTILITY_MIN_ARABIC_SHARE = 0.8;
const BINS = 20;

/** Every string value of a JSON value, depth first. */
export function recordStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) recordStrings(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) recordStrings(v, into);
  return into;
}

/** The text a record contributes for its kind (src/core/recordFields); every string value when the kind is unknown. */
export function recordText(kind: DatasetKind | undefined, record: Record<string, unknown>): string {
  return kind ? recordFieldText(recordFields(kind, record)) : recordStrings(record).join('\n');
}

/** The record's label for label balance, or undefined when its kind has none. */
export function recordLabel(kind: DatasetKind | undefined, record: Record<string, unknown>): string | undefined {
  if (kind === 'mcq' || kind === 'yesno') {
    const answer = record.answer;
    if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
    if (typeof answer !== 'string' && typeof answer !== 'number') return undefined;
    const text = String(answer).trim();
    return kind === 'mcq' ? text.toUpperCase() : text.toLowerCase();
  }
  if (kind === 'preference') {
    const chosen = [...preferenceFieldText(record.chosen, true)].length;
    const rejected = [...preferenceFieldText(record.rejected, true)].length;
    return chosen > rejected ? 'chosen longer' : chosen < rejected ? 'chosen shorter' : 'same length';
  }
  return undefined;
}

/** Equal-width bins over [min, max]; integer-valued data gets integer-wide bins. */
export function histogram(values: ArrayLike<number>, bins = BINS, range?: [number, number]): Histogram {
  if (values.length === 0 && !range) return { edges: [0, 1], counts: [0] };
  let [min, max] = range ?? [Infinity, -Infinity];
  if (!range) for (let i = 0; i < values.length; i++) { min = Math.min(min, values[i]); max = Math.max(max, values[i]); }
  const integers = !range && Array.prototype.every.call(values, Number.isInteger);
  const span = max - min;
  const width = integers ? Math.max(1, Math.ceil((span + 1) / bins)) : span / bins || 1;
  const count = integers ? Math.max(1, Math.ceil((span + 1) / width)) : bins;
  const edges = Array.from({ length: count + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(count - 1, Math.floor((values[i] - min) / width))]++;
  return { edges, counts };
}

/** 53-bit string hash (cyrb53): duplicate detection keeps a number per record, not the record. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class DatasetStatsBuilder {
  private readonly characters: number[] = [];
  private readonly words: number[] = [];
  private readonly tokens: number[] = [];
  private readonly shares: number[] = [];
  private readonly seen = new Set<number>();
  private duplicates = 0;
  private readonly labels: Record<string, number> = {};
  private readonly problems: Record<string, number> = {};
  private arabicTokens = 0;
  private arabicWords = 0;

  constructor(private readonly kind: DatasetKind | undefined, private readonly countTokens?: TokenCounter) {}

  /** One line: its parsed record (undefined when the line is blank or not a JSON object) and its problem codes. */
  add(record: unknown, codes: readonly string[] = []): void {
    for (const code of codes) this.problems[code] = (this.problems[code] ?? 0) + 1;
    if (!record || typeof record !== 'object' || Array.isArray(record)) return;
    const fields = record as Record<string, unknown>;
    const key = hash53(JSON.stringify(record));
    if (this.seen.has(key)) this.duplicates++;
    else this.seen.add(key);
    const text = recordText(this.kind, fields);
    const words = wordCount(text);
    const share = arabicShare(text);
    this.characters.push([...text].length);
    this.words.push(words);
    this.shares.push(share);
    if (this.countTokens) {
      const tokens = this.countTokens(text);
      this.tokens.push(tokens);
      if (share >= FERTILITY_MIN_ARABIC_SHARE) {
        this.arabicTokens += tokens;
        this.arabicWords += words;
      }
    }
    const label = recordLabel(this.kind, fields);
    if (label !== undefined) this.labels[label] = (this.labels[label] ?? 0) + 1;
  }

  result(): DatasetStats {
    return {
      records: this.characters.length,
      kind: this.kind ?? 'unknown',
      characters: histogram(this.characters),
      words: histogram(this.words),
      tokens: this.countTokens ? histogram(this.tokens) : null,
      arabicShare: histogram(this.shares, 10, [0, 1]),
      exactDuplicates: this.duplicates,
      labels: { ...this.labels },
      problemsByCode: { ...this.problems },
      fertility: this.countTokens && this.arabicWords > 0 ? this.arabicTokens / this.arabicWords : null,
    };
  }
}
