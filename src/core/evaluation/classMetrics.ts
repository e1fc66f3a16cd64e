/** Accuracy tallies per task, and the two-class macro-F1 of ACVA. */
import type { YesNo } from './answerExtraction';

export interface TaskScore {
  n: number;
  correct: number;
  accuracy: number;
  /** Responses the extraction could not read (counted wrong, and as neither class). */
  unparsed: number;
}

export function taskScore(n: number, correct: number, unparsed: number): TaskScore {
  return { n, correct, accuracy: n ? correct / n : 0, unparsed };
}

export interface YesNoPair {
  gold: YesNo;
  /** undefined: unparsed, a prediction of neither class (a miss for the gold class, no false positive). */
  predicted: YesNo | undefined;
}

/**
 * The F1 of one class: 2·TP / (gold count + predicted count), the form scikit-learn computes. A class never
 * predicted and never gold has F1 0 (scikit-learn's zero_division default), so macro-F1 is then at most 0.5.
 */
export function classF1(pairs: readonly YesNoPair[], label: YesNo): number {
  let truePositives = 0;
  let gold = 0;
  let predicted = 0;
  for (const pair of pairs) {
    if (pair.gold === label) gold++;
    if (pair.predicted === label) predicted++;
    if (pair.gold === label && pair.predicted === label) truePositives++;
  }
  return gold + predicted === 0 ? 0 : (2 * truePositives) / (gold + predicted);
}

/** The mean of the yes-F1 and the no-F1 (AceGPT's cal_acva_f1, pooled over every topic). */
export function macroF1(pairs: readonly YesNoPair[]): number {
  return (classF1(pairs, 'yes') + classF1(pairs, 'no')) / 2;
}
