/**
 * Two runs' predictions on one benchmark compared on the items they share (same task and key: id, query_id
 * or place in the task): both scores, their difference, a paired bootstrap 95% interval of it, and for
 * accuracy metrics McNemar's exact test on the items one run gets right and the other wrong. The verdict:
 * accuracy — significant when McNemar's p < 0.05; macro-F1 — when the interval leaves out 0.
 */
import type { ExtractionMode } from './answerExtraction';
import type { BenchmarkDefinition } from './benchmarkDefinition';
import { DEFAULT_BOOTSTRAP, pairedBootstrap, type BootstrapOptions, type PairedInterval } from './bootstrap';
import { mcnemarExact } from './mcnemar';
import { judgeItems, scoreJudged, type PredictionItem } from './scorePredictions';

export const SIGNIFICANCE_LEVEL = 0.05;

export interface Comparison {
  benchmark: string;
  extraction: ExtractionMode;
  metric: 'accuracy' | 'macro-f1';
  /** Items in both runs (the only ones scored). */
  shared: number;
  onlyA: number;
  onlyB: number;
  scoreA: number;
  scoreB: number;
  /** scoreA − scoreB */
  difference: number;
  interval: PairedInterval & { level: 0.95; resamples: number; seed: number };
  /** Accuracy metrics: b = A right and B wrong, c = A wrong and B right, exact two-sided p. */
  mcnemar?: { aOnlyCorrect: number; bOnlyCorrect: number; p: number };
  significant: boolean;
  /** What decided `significant`. */
  test: 'mcnemar' | 'bootstrap-interval';
}

const keyOf = (item: PredictionItem) => `${item.task}\u0000${item.key ?? item.at}`;

/** Each item by its task and key; a key met twice in one run is an error at the second place. */
function byKey(items: readonly PredictionItem[]): Map<string, PredictionItem> {
  const map = new Map<string, PredictionItem>();
  for (const item of items) {
    const key = keyOf(item);
    const earlier = map.get(key);
    if (earlier) throw new Error(`${item.at}: item ${item.key} of task "${item.task}" again (first at ${earlier.at}); each item must be predicted once`);
    map.set(key, item);
  }
  return map;
}

export function comparePredictions(
  definition: BenchmarkDefinition, a: readonly PredictionItem[], b: readonly PredictionItem[], mode: ExtractionMode,
  options: BootstrapOptions = DEFAULT_BOOTSTRAP,
): Comparison {
  const mapA = byKey(a);
  const mapB = byKey(b);
  const sharedA: PredictionItem[] = [];
  const sharedB: PredictionItem[] = [];
  for (const [key, item] of mapA) {
    const other = mapB.get(key);
    if (other) {
      sharedA.push(item);
      sharedB.push(other);
    }
  }
  if (!sharedA.length) throw new Error('the two runs share no item (matched by task and id, query_id or place in the task)');
  const judgedA = judgeItems(definition, sharedA, mode);
  const judgedB = judgeItems(definition, sharedB, mode);
  const scoreA = scoreJudged(definition, judgedA, mode);
  const scoreB = scoreJudged(definition, judgedB, mode).score;
  const interval = pairedBootstrap(definition, judgedA, judgedB, mode, options);
  let mcnemar: Comparison['mcnemar'];
  if (scoreA.metric === 'accuracy') {
    let aOnly = 0;
    let bOnly = 0;
    judgedA.forEach((j, i) => {
      if (j.correct && !judgedB[i].correct) aOnly++;
      if (!j.correct && judgedB[i].correct) bOnly++;
    });
    mcnemar = { aOnlyCorrect: aOnly, bOnlyCorrect: bOnly, p: mcnemarExact(aOnly, bOnly) };
  }
  const comparison: Comparison = {
    benchmark: definition.name,
    extraction: mode,
    metric: scoreA.metric,
    shared: sharedA.length,
    onlyA: mapA.size - sharedA.length,
    onlyB: mapB.size - sharedA.length,
    scoreA: scoreA.score,
    scoreB,
    difference: scoreA.score - scoreB,
    interval: { ...interval, level: 0.95, resamples: options.resamples, seed: options.seed },
    ...(mcnemar ? { mcnemar } : {}),
    significant: mcnemar ? mcnemar.p < SIGNIFICANCE_LEVEL : interval.low > 0 || interval.high < 0,
    test: mcnemar ? 'mcnemar' : 'bootstrap-interval',
  };
  return comparison;
}
