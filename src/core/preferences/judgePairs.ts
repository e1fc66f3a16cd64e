/**
 * The pairs a judge sees from a dataset record: a `ranked` record (prompt + responses) gives every response
 * against every other, K(K−1)/2 pairs; a `preference` record (prompt/chosen/rejected) gives its one pair.
 */
import { preferenceFieldText } from './preferencePair';

export interface JudgePair {
  /** 1-based line (or row) of the record in the input. */
  line: number;
  prompt: string;
  first: string;
  second: string;
  /** Ranked input: the responses' indexes in `responses`; preference input: 0 = chosen, 1 = rejected. */
  firstIndex: number;
  secondIndex: number;
  /** The record's `dialect` field when it has one, for the rubric. */
  dialect?: string;
}

export type PairsOfRecord = { pairs: JudgePair[] } | { problem: string };

export function judgePairsOf(record: Record<string, unknown>, line: number): PairsOfRecord {
  const prompt = preferenceFieldText(record.prompt, false);
  if (!prompt.trim()) return { problem: 'no prompt (a ranked record needs prompt + responses, a preference record prompt/chosen/rejected)' };
  const dialect = typeof record.dialect === 'string' && record.dialect.trim() ? record.dialect.trim() : undefined;
  let responses: string[];
  if ('chosen' in record || 'rejected' in record) {
    responses = [preferenceFieldText(record.chosen, true), preferenceFieldText(record.rejected, true)];
    const empty = responses.findIndex((r) => !r.trim());
    if (empty >= 0) return { problem: `\`${empty === 0 ? 'chosen' : 'rejected'}\` is missing or empty` };
  } else if (Array.isArray(record.responses)) {
    responses = record.responses.map((r) => preferenceFieldText(r, true));
    const empty = responses.findIndex((r) => !r.trim());
    if (empty >= 0) return { problem: `responses[${empty}] is empty` };
    if (responses.length < 2) return { problem: 'a ranked record needs at least 2 responses' };
  } else {
    return { problem: 'not a ranked (prompt + responses) or preference (prompt/chosen/rejected) record' };
  }
  const pairs: JudgePair[] = [];
  for (let i = 0; i < responses.length; i++) {
    for (let j = i + 1; j < responses.length; j++) {
      pairs.push({ line, prompt, first: responses[i], second: responses[j], firstIndex: i, secondIndex: j, ...(dialect ? { dialect } : {}) });
    }
  }
  return { pairs };
}
