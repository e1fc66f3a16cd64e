/**
 * The agreement tab's and `alw prefs agreement`'s numbers from the same inputs: the current labels, the judge
 * report's verdicts and reward-model scores, each naming its pair by key and its `first` response by hash.
 * Every rating is turned to one reference orientation per pair (the first source that names it) before comparing.
 */
import { marginHistogram, pairwiseAgreement, positionConsistency, rewardRating, type Histogram, type RaterAgreement, type Rating, type Ratings } from './agreementStats';
import { judgeOutcomeFor, type JudgeView } from './judgeReport';
import type { LabelRecord } from './labelsJournal';

export const REWARD_MODEL_RATER = 'reward-model';
export const JUDGE_RATER = 'judge';

export interface PairScores {
  firstHash: string;
  scores: [number, number];
}

export interface AgreementInput {
  labels: readonly LabelRecord[];
  judge?: ReadonlyMap<string, JudgeView>;
  rewardScores?: ReadonlyMap<string, PairScores>;
  /** Reference orientation per pair (e.g. the dataset's): pair key → first response's hash. */
  reference?: ReadonlyMap<string, string>;
}

export interface AgreementReport {
  raters: string[];
  /** Per rater: how many pairs it rated. */
  rated: Record<string, number>;
  agreement: RaterAgreement[];
  positionConsistency: { pairs: number; consistent: number; rate: number | null };
  /** Reward-model margins, score(first) − score(second) in the reference orientation. */
  margins: Histogram;
}

const flip = (r: Rating): Rating => (r === 'first' ? 'second' : r === 'second' ? 'first' : r);

export function agreementReport(input: AgreementInput, bins = 20): AgreementReport {
  const reference = new Map(input.reference ?? []);
  const orient = (pair: string, firstHash: string, rating: Rating) => {
    if (!reference.has(pair)) reference.set(pair, firstHash);
    return reference.get(pair) === firstHash ? rating : flip(rating);
  };
  const ratings: Ratings = new Map();
  const rate = (rater: string, pair: string, firstHash: string, rating: Rating) => {
    if (!ratings.has(rater)) ratings.set(rater, new Map());
    ratings.get(rater)!.set(pair, orient(pair, firstHash, rating));
  };
  const margins: number[] = [];
  for (const [pair, view] of input.judge ?? []) {
    const outcome = view.outcome;
    if (outcome === 'first' || outcome === 'second' || outcome === 'tie') rate(JUDGE_RATER, pair, view.firstHash, outcome);
    else orient(pair, view.firstHash, 'tie');
  }
  for (const [pair, { firstHash, scores }] of input.rewardScores ?? []) {
    rate(REWARD_MODEL_RATER, pair, firstHash, rewardRating(scores[0], scores[1]));
    margins.push(reference.get(pair) === firstHash ? scores[0] - scores[1] : scores[1] - scores[0]);
  }
  const annotators = [...new Set(input.labels.map((l) => l.annotator))].sort();
  for (const annotator of annotators) {
    for (const label of input.labels.filter((l) => l.annotator === annotator)) rate(`annotator:${annotator}`, label.pair, label.first, label.choice);
  }
  const raters = [...ratings.keys()];
  return {
    raters,
    rated: Object.fromEntries(raters.map((r) => [r, ratings.get(r)!.size])),
    agreement: pairwiseAgreement(ratings),
    positionConsistency: positionConsistency([...(input.judge?.values() ?? [])].map((v) => v.outcome)),
    margins: marginHistogram(margins, bins),
  };
}

/** The judge's outcome of a pair in its own terms, if the report has it. */
export function judgeOutcomeOf(judge: ReadonlyMap<string, JudgeView> | undefined, pair: string, firstHash: string): JudgeView['outcome'] | undefined {
  const view = judge?.get(pair);
  return view ? judgeOutcomeFor(view, firstHash) : undefined;
}
