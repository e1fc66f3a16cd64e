/**
 * Agreement between raters of the same pairs — the reward model, the judge, each annotator — on the
 * categories first / second / tie / both-bad. For each pair of raters, over the pairs both rated:
 * accuracy (observed agreement, p_o) and Cohen's kappa, (p_o − p_e) / (1 − p_e) with p_e from each rater's
 * own category shares. Also the judge's position consistency and a histogram of reward-model margins.
 */
import type { LabelChoice } from './labelsJournal';

export type Rating = LabelChoice;
/** Per rater: pair key → its rating. */
export type Ratings = Map<string, Map<string, Rating>>;

export interface RaterAgreement {
  a: string;
  b: string;
  /** Pairs both raters rated. */
  pairs: number;
  /** null when they share no pair. */
  accuracy: number | null;
  /** null when undefined: no shared pair, or both raters always gave the one same category (p_e = 1). */
  kappa: number | null;
}

export function agreement(a: ReadonlyMap<string, Rating>, b: ReadonlyMap<string, Rating>): Omit<RaterAgreement, 'a' | 'b'> {
  const shared = [...a.keys()].filter((key) => b.has(key));
  const n = shared.length;
  if (n === 0) return { pairs: 0, accuracy: null, kappa: null };
  const agreed = shared.filter((key) => a.get(key) === b.get(key)).length;
  const po = agreed / n;
  const share = (ratings: ReadonlyMap<string, Rating>, category: Rating) => shared.filter((key) => ratings.get(key) === category).length / n;
  const categories = new Set(shared.flatMap((key) => [a.get(key)!, b.get(key)!]));
  const pe = [...categories].reduce((sum, c) => sum + share(a, c) * share(b, c), 0);
  return { pairs: n, accuracy: po, kappa: pe >= 1 ? null : (po - pe) / (1 - pe) };
}

/** Every pair of raters, in the order the raters are given. */
export function pairwiseAgreement(ratings: Ratings): RaterAgreement[] {
  const names = [...ratings.keys()];
  const rows: RaterAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) rows.push({ a: names[i], b: names[j], ...agreement(ratings.get(names[i])!, ratings.get(names[j])!) });
  }
  return rows;
}

/** The reward model's rating of a pair from its two scores. */
export function rewardRating(firstScore: number, secondScore: number): Rating {
  return firstScore === secondScore ? 'tie' : firstScore > secondScore ? 'first' : 'second';
}

/**
 * Of the pairs the judge gave a verdict in both orders, the share whose verdicts agree (not `inconsistent`).
 * null when no pair has both verdicts.
 */
export function positionConsistency(outcomes: Iterable<string>): { pairs: number; consistent: number; rate: number | null } {
  let pairs = 0;
  let consistent = 0;
  for (const outcome of outcomes) {
    if (outcome === 'unparsed' || outcome === 'not-judged') continue;
    pairs++;
    if (outcome !== 'inconsistent') consistent++;
  }
  return { pairs, consistent, rate: pairs ? consistent / pairs : null };
}

export interface Histogram {
  /** bins + 1 edges, ascending; bin i holds edges[i] ≤ x < edges[i+1] (the last bin includes its upper edge). */
  edges: number[];
  counts: number[];
}

/** Equal-width bins over [min, max] of the margins, symmetric around 0 so the sign of a margin is its own bin side. */
export function marginHistogram(margins: readonly number[], bins = 20): Histogram {
  const finite = margins.filter(Number.isFinite);
  if (finite.length === 0) return { edges: [], counts: [] };
  const reach = Math.max(...finite.map(Math.abs)) || 1;
  const width = (2 * reach) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -reach + i * width);
  edges[bins] = reach;
  const counts = new Array<number>(bins).fill(0);
  for (const m of finite) counts[Math.min(bins - 1, Math.floor((m + reach) / width))]++;
  return { edges, counts };
}
