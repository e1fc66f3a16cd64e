/**
 * The pairs a person reviews in the preference panel: the judge's pairing (one per preference record,
 * K(K−1)/2 per ranked record) with each pair's key and the record's own field values, so an export keeps
 * chat-form fields as they are.
 */
import { judgePairsOf, type JudgePair } from './judgePairs';
import { pairHash, responseHash } from './pairHash';

export interface ReviewPair extends JudgePair {
  /** pairHash(prompt, first, second): the labels journal's key. */
  hash: string;
  firstHash: string;
  /** The record's values: `prompt`, and the two responses (chosen/rejected or responses[i]/[j]). */
  values: { prompt: unknown; first: unknown; second: unknown };
}

export function reviewPairsOf(record: Record<string, unknown>, line: number): ReviewPair[] | { problem: string } {
  const got = judgePairsOf(record, line);
  if ('problem' in got) return got;
  const ranked = !('chosen' in record || 'rejected' in record);
  const valueAt = (index: number) => (ranked ? (record.responses as unknown[])[index] : index === 0 ? record.chosen : record.rejected);
  return got.pairs.map((pair) => ({
    ...pair,
    hash: pairHash(pair.prompt, pair.first, pair.second),
    firstHash: responseHash(pair.first),
    values: { prompt: record.prompt, first: valueAt(pair.firstIndex), second: valueAt(pair.secondIndex) },
  }));
}

/** Pairs of a whole JSONL text; lines that are not pairs are listed as `FILE:LINE:1: problem`. */
export function reviewPairsOfText(text: string, file: string): { pairs: ReviewPair[]; problems: string[] } {
  const pairs: ReviewPair[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      problems.push(`${file}:${index + 1}:1: not valid JSON`);
      return;
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      problems.push(`${file}:${index + 1}:1: not a JSON object`);
      return;
    }
    const got = reviewPairsOf(record as Record<string, unknown>, index + 1);
    if ('problem' in got) problems.push(`${file}:${index + 1}:1: ${got.problem}`);
    else pairs.push(...got);
  });
  return { pairs, problems };
}
