/**
 * Standard errors and paired confidence intervals of benchmark scores by the bootstrap over items, seeded and
 * deterministic: each resample draws, within every task, as many items as the task has, with replacement
 * (mulberry32 from src/core/curation/seededRandom), and recomputes the whole score from them — task
 * accuracies, group averages, the headline, and for macro-F1 the F1 of the resampled pairs. Resampling within
 * tasks keeps every task's size, so the grouping arithmetic is the same in every resample.
 */
import { seededRandom } from '../curation/seededRandom';
import type { ExtractionMode } from './answerExtraction';
import type { BenchmarkDefinition } from './benchmarkDefinition';
import { scoreJudged, type EvalScore, type Judged } from './scorePredictions';

export interface BootstrapOptions {
  resamples: number;
  seed: number;
}

export const DEFAULT_BOOTSTRAP: Readonly<BootstrapOptions> = { resamples: 1000, seed: 1 };

/** Bootstrap standard errors (the resampled values' standard deviation, n − 1 divisor). */
export interface ScoreErrors {
  score: number;
  tasks: Record<string, number>;
  groups: Record<string, number>;
}

/** The resamples, each as indices into `tasks` (the task of every item), drawn within each task. */
export function* stratifiedResamples(tasks: readonly string[], options: BootstrapOptions): Generator<Int32Array> {
  const byTask = new Map<string, number[]>();
  tasks.forEach((task, i) => {
    if (!byTask.has(task)) byTask.set(task, []);
    byTask.get(task)!.push(i);
  });
  const strata = [...byTask.values()];
  const next = seededRandom(options.seed);
  for (let r = 0; r < options.resamples; r++) {
    const picked = new Int32Array(tasks.length);
    let at = 0;
    for (const members of strata) {
      for (let k = 0; k < members.length; k++) picked[at++] = members[Math.floor(next() * members.length)];
    }
    yield picked;
  }
}

export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
}

/** The quantile of sorted values with linear interpolation between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function checkOptions(options: BootstrapOptions): void {
  if (!Number.isInteger(options.resamples) || options.resamples < 2) throw new Error('the bootstrap needs at least 2 resamples');
  if (!Number.isInteger(options.seed) || options.seed < 0) throw new Error('the bootstrap seed must be a whole number ≥ 0');
}

export function bootstrapErrors(
  definition: BenchmarkDefinition, judged: readonly Judged[], mode: ExtractionMode, options: BootstrapOptions = DEFAULT_BOOTSTRAP,
): ScoreErrors {
  checkOptions(options);
  const scores: number[] = [];
  const tasks = new Map<string, number[]>();
  const groups = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(value);
  };
  for (const picked of stratifiedResamples(judged.map((j) => j.task), options)) {
    const result: EvalScore = scoreJudged(definition, Array.from(picked, (i) => judged[i]), mode);
    scores.push(result.score);
    for (const [task, t] of Object.entries(result.tasks)) push(tasks, task, t.accuracy);
    for (const [group, g] of Object.entries(result.groups)) push(groups, group, g.average);
  }
  const errors = (map: Map<string, number[]>) => Object.fromEntries([...map].map(([key, values]) => [key, standardDeviation(values)]));
  return { score: standardDeviation(scores), tasks: errors(tasks), groups: errors(groups) };
}

export interface PairedInterval {
  /** The standard error of the difference A − B. */
  stderr: number;
  /** The 2.5% and 97.5% quantiles of the resampled differences. */
  low: number;
  high: number;
}

/**
 * The paired bootstrap of score(A) − score(B): the same resampled items (the same indices) scored for both
 * runs, so what the two share (an item both get right, a hard task) cancels out. A and B are judged items in
 * the same order, item i of one being item i of the other.
 */
export function pairedBootstrap(
  definition: BenchmarkDefinition, a: readonly Judged[], b: readonly Judged[], mode: ExtractionMode,
  options: BootstrapOptions = DEFAULT_BOOTSTRAP,
): PairedInterval {
  checkOptions(options);
  if (a.length !== b.length) throw new Error('a paired bootstrap needs the same items in both runs');
  const differences: number[] = [];
  for (const picked of stratifiedResamples(a.map((j) => j.task), options)) {
    const pick = (judged: readonly Judged[]) => Array.from(picked, (i) => judged[i]);
    differences.push(scoreJudged(definition, pick(a), mode).score - scoreJudged(definition, pick(b), mode).score);
  }
  const sorted = [...differences].sort((x, y) => x - y);
  return { stderr: standardDeviation(differences), low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
}

/** The score with its standard errors next to each value: `stderr` after `score`, each task's and group's. */
export function withErrors<T extends Omit<EvalScore, 'extraction'> & { extraction?: ExtractionMode }>(result: T, errors: ScoreErrors) {
  const { benchmark, extraction, metric, score, ...rest } = result;
  return {
    benchmark, ...(extraction ? { extraction } : {}), metric, score, stderr: errors.score, ...rest,
    tasks: Object.fromEntries(Object.entries(result.tasks).map(([t, s]) => [t, { ...s, stderr: errors.tasks[t] }])),
    groups: Object.fromEntries(Object.entries(result.groups).map(([g, s]) => [g, { ...s, stderr: errors.groups[g] }])),
  };
}
