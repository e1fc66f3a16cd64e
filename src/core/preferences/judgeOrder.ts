/**
 * Both orders, always: a pair is judged with its first response shown as A, then with it shown as B.
 * Agreeing verdicts decide; verdicts that disagree are `inconsistent` (position bias, no preference taken);
 * a reply without a verdict in either order makes the pair `unparsed`.
 */
import type { PairwiseVerdict } from './judgeVerdict';

export type JudgeOrder = 'ab' | 'ba';
export const JUDGE_ORDERS: readonly JudgeOrder[] = ['ab', 'ba'];

export type PairOutcome = 'first' | 'second' | 'tie' | 'inconsistent' | 'unparsed';

/** Which response a verdict names, in the pair's own terms (first/second), given the order it was shown in. */
export function verdictWinner(verdict: PairwiseVerdict, order: JudgeOrder): 'first' | 'second' | 'tie' {
  if (verdict === 'C') return 'tie';
  const namedFirstSlot = verdict === 'A';
  return namedFirstSlot === (order === 'ab') ? 'first' : 'second';
}

export function combineVerdicts(ab: PairwiseVerdict | undefined, ba: PairwiseVerdict | undefined): PairOutcome {
  if (ab === undefined || ba === undefined) return 'unparsed';
  const a = verdictWinner(ab, 'ab');
  return a === verdictWinner(ba, 'ba') ? a : 'inconsistent';
}

/** The responses in the slots A and B for an order. */
export function slotsFor<T>(first: T, second: T, order: JudgeOrder): { a: T; b: T } {
  return order === 'ab' ? { a: first, b: second } : { a: second, b: first };
}
