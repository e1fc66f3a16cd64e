/**
 * Human-reviewed preferences as prompt/chosen/rejected records for the reward and DPO stages: the people's
 * labels decide (by majority when several annotators labelled a pair), the judge's decisive verdict fills the
 * pairs nobody labelled, and ties and both-bad pairs are left out unless asked for (kept in the dataset's
 * order with a `human_label` field, which training ignores).
 */
import type { PairOutcome } from './judgeOrder';
import type { LabelChoice } from './labelsJournal';
import type { ReviewPair } from './reviewPairs';

export interface ExportOptions {
  keepTies: boolean;
  keepBothBad: boolean;
}

export type ExportSource = 'human' | 'judge';

export interface ExportCounts {
  pairs: number;
  written: number;
  human: number;
  judge: number;
  /** Left out: a tie or both-bad the options drop. */
  tie: number;
  bothBad: number;
  /** Left out: annotators split evenly between answers. */
  split: number;
  /** Left out: no label and no decisive verdict. */
  unreviewed: number;
}

/** Several annotators' choices of one pair: the most frequent, or undefined when two choices share the lead. */
export function humanDecision(choices: readonly LabelChoice[]): LabelChoice | undefined {
  const counts = new Map<LabelChoice, number>();
  for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  if (sorted.length === 0 || (sorted.length > 1 && sorted[0][1] === sorted[1][1])) return undefined;
  return sorted[0][0];
}

export interface ExportInput {
  pair: ReviewPair;
  /** Every annotator's current choice, in this pair's terms. */
  human: LabelChoice[];
  /** The judge's outcome in this pair's terms, when there is a report line for it. */
  judge?: PairOutcome | 'not-judged';
}

export function exportPreferences(inputs: readonly ExportInput[], options: ExportOptions): { records: Record<string, unknown>[]; counts: ExportCounts } {
  const counts: ExportCounts = { pairs: inputs.length, written: 0, human: 0, judge: 0, tie: 0, bothBad: 0, split: 0, unreviewed: 0 };
  const records: Record<string, unknown>[] = [];
  for (const { pair, human, judge } of inputs) {
    const decided = human.length ? humanDecision(human) : undefined;
    const { prompt, first, second } = pair.values;
    const record = (chosen: unknown, rejected: unknown, source: ExportSource, label?: LabelChoice) =>
      records.push({ prompt, chosen, rejected, preference_source: source, ...(label ? { human_label: label } : {}) });
    if (human.length && decided === undefined) { counts.split++; continue; }
    if (decided === 'first' || decided === 'second') {
      counts.human++;
      if (decided === 'first') record(first, second, 'human');
      else record(second, first, 'human');
    } else if (decided === 'tie' || decided === 'both-bad') {
      const keep = decided === 'tie' ? options.keepTies : options.keepBothBad;
      if (!keep) { if (decided === 'tie') counts.tie++; else counts.bothBad++; continue; }
      counts.human++;
      record(first, second, 'human', decided);
    } else if (judge === 'first' || judge === 'second') {
      counts.judge++;
      if (judge === 'first') record(first, second, 'judge');
      else record(second, first, 'judge');
    } else {
      counts.unreviewed++;
    }
  }
  counts.written = records.length;
  return { records, counts };
}
