/**
 * Duplicate items in a benchmark, inside each split and across its splits (a dev item that is also a test
 * item): exact duplicates are items whose text is the same after the `match` normalization (hamza forms,
 * ى/ي, ة/ه, diacritics, tatweel, digit scripts; line breaks read as spaces); near duplicates are items whose
 * word 5-gram sets have an estimated Jaccard index of at least 0.5 (MinHash, 112 permutations, found with
 * LSH in 28 bands × 4 rows, which meets a pair at J = 0.5 with probability 0.84 and at 0.7 with 0.999) and
 * whose normalized texts differ (a near cluster has at least two different texts). Clusters join transitively.
 */
import { normalizeArabic, PROFILES } from '../arabic/normalize';
import { LshIndex, UnionFind } from '../curation/lsh';
import { estimateJaccard, MinHasher } from '../curation/minhash';

export interface BenchmarkItem {
  split: string;
  task: string;
  text: string;
  /** FILE:LINE */
  at: string;
}

export interface DuplicateOptions {
  ngram: number;
  bands: number;
  rows: number;
  threshold: number;
  seed: number;
}

export const DEFAULT_DUPLICATE_OPTIONS: Readonly<DuplicateOptions> = { ngram: 5, bands: 28, rows: 4, threshold: 0.5, seed: 1 };

export interface DuplicateGroup {
  /** `across`: members in more than one split. */
  scope: 'within' | 'across';
  splits: string[];
  members: BenchmarkItem[];
  /** Near duplicates: the smallest estimated Jaccard of a member with the first. */
  jaccard?: number;
}

export interface DuplicateReport {
  exact: DuplicateGroup[];
  near: DuplicateGroup[];
}

const COMPARED = { ...PROFILES.match, newlinesToSpaces: true };

export function comparedText(text: string): string {
  return normalizeArabic(text, COMPARED);
}

function group(members: BenchmarkItem[], jaccard?: number): DuplicateGroup {
  const splits = [...new Set(members.map((m) => m.split))];
  return { scope: splits.length > 1 ? 'across' : 'within', splits, members, ...(jaccard === undefined ? {} : { jaccard }) };
}

export function findDuplicates(items: readonly BenchmarkItem[], options: DuplicateOptions = DEFAULT_DUPLICATE_OPTIONS): DuplicateReport {
  const texts = items.map((item) => comparedText(item.text));
  const byText = new Map<string, number[]>();
  texts.forEach((text, i) => {
    if (!text) return;
    if (!byText.has(text)) byText.set(text, []);
    byText.get(text)!.push(i);
  });
  const exact = [...byText.values()].filter((members) => members.length > 1).map((members) => group(members.map((i) => items[i])));

  const hasher = new MinHasher({ numPerm: options.bands * options.rows, ngram: options.ngram, seed: options.seed });
  const lsh = new LshIndex(options.bands, options.rows, items.length);
  const clusters = new UnionFind();
  const signatures: Array<Uint32Array | null> = [];
  texts.forEach((text, i) => {
    const signature = hasher.signature(text);
    signatures.push(signature);
    if (!signature) return;
    for (const other of lsh.add(i, signature)) {
      // Exact copies (estimate 1) join too, so a near copy of either lands in one cluster with both.
      if (estimateJaccard(signature, signatures[other]!) >= options.threshold) clusters.union(i, other);
    }
  });
  const byRoot = new Map<number, number[]>();
  items.forEach((_, i) => {
    if (!signatures[i]) return;
    const root = clusters.find(i);
    if (!byRoot.has(root)) byRoot.set(root, []);
    byRoot.get(root)!.push(i);
  });
  const near = [...byRoot.values()]
    .filter((members) => new Set(members.map((i) => texts[i])).size > 1)
    .map((members) => group(members.map((i) => items[i]), Math.min(...members.slice(1).map((i) => estimateJaccard(signatures[members[0]]!, signatures[i]!)))));
  return { exact, near };
}
