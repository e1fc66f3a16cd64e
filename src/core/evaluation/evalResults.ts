/**
 * Scores the trainer's answers to a run's requests (results.jsonl of `stage: eval`). Generative results are
 * raw responses scored by `scorePredictions` with the chosen extraction (and the other one, reported when it
 * differs). Loglikelihood results pick the answer with the highest log-probability (`acc`) and the highest
 * log-probability per character of its continuation (`acc_norm`, lm-eval's length normalisation); that answer
 * is scored as a response, so tasks, groups and the benchmark's metric come out as for the generative path. A
 * result with an `error` (or none at all) is an unparsed answer: wrong, and a prediction of neither class.
 */
import {
  acegptChoice, acegptYesNo, arabicAnswer, choiceReader, yesNoReader, type ExtractionMode,
} from './answerExtraction';
import type { BenchmarkDefinition } from './benchmarkDefinition';
import type { PlannedRequest } from './evalPrompts';
import { bootstrapErrors, DEFAULT_BOOTSTRAP, withErrors, type ScoreErrors } from './bootstrap';
import { judgeItems, scoreJudged, type EvalScore, type Judged, type PredictionItem } from './scorePredictions';

/** One line of results.jsonl (only what scoring reads). */
export interface EvalResult {
  id: string;
  type?: string;
  shots_used?: number;
  responses?: string[];
  logprobs?: number[];
  lengths?: number[];
  error?: string;
}

/** A line of predictions.jsonl: the harness's fields, plus the task and what the trainer said. */
export interface PredictionRow {
  task: string;
  id: string;
  response: string;
  answer: string;
  /** What the chosen extraction read (the answer picked, for loglikelihood); null: unparsed. */
  extracted: string | null;
  correct: boolean;
  method: 'generative' | 'loglikelihood';
  shots_used?: number;
  error?: string;
  /** Loglikelihood: the answer picked by log-probability per character, and whether it is right. */
  response_norm?: string;
  correct_norm?: boolean;
  logprobs?: number[];
}

export interface ShotsReport {
  /** Exemplars asked per item (0: zero-shot). */
  requested: number;
  /** Few-shot requests. */
  requests: number;
  /** Requests that ran with fewer exemplars than asked (too few in the dev split, or dropped to fit the context). */
  fewer: number;
  /** The same, per task (tasks with none left out). */
  fewer_by_task: Record<string, number>;
}

export type MethodScore = Omit<EvalScore, 'extraction'>;

export interface RunScores {
  generative?: { score: EvalScore; other: EvalScore; stderr: ScoreErrors };
  loglikelihood?: { acc: MethodScore; acc_norm: MethodScore; stderr: { acc: ScoreErrors; acc_norm: ScoreErrors } };
  shots: ShotsReport;
  /** Results with an error, or requests without a result. */
  errors: number;
  predictions: PredictionRow[];
}

const argmax = (values: readonly number[]) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);

/** The answer one extraction reads from a response, as a label of the definition; undefined: unparsed. */
export function extractedAnswer(definition: BenchmarkDefinition, mode: ExtractionMode, response: string): string | undefined {
  if (definition.kind === 'mcq') return mode === 'acegpt' ? acegptChoice(response) : arabicAnswer(response, choiceReader(definition.choices!));
  const verdict = mode === 'acegpt' ? acegptYesNo(response) : arabicAnswer(response, yesNoReader(definition.labels!));
  return verdict && definition.labels![verdict][0];
}

const withoutExtraction = ({ extraction: _, ...score }: EvalScore): MethodScore => score;

export function scoreRun(
  definition: BenchmarkDefinition, planned: readonly PlannedRequest[], results: ReadonlyMap<string, EvalResult>, extraction: ExtractionMode,
): RunScores {
  const predictions: PredictionRow[] = [];
  const generative: PredictionItem[] = [];
  const byAcc: PredictionItem[] = [];
  const byNorm: PredictionItem[] = [];
  const generativeRows: PredictionRow[] = [];
  const likelihoodRows: PredictionRow[] = [];
  const shots: ShotsReport = { requested: planned[0]?.shotsRequested ?? 0, requests: 0, fewer: 0, fewer_by_task: {} };
  let errors = 0;
  for (const plan of planned) {
    const result = results.get(plan.request.id);
    const error = !result ? 'no result for this request' : result.error;
    if (error) errors++;
    const at = `request ${plan.request.id}`;
    const row: { task: string; id: string; shots_used?: number; error?: string } = { task: plan.task, id: plan.key, ...(error ? { error } : {}) };
    if (plan.request.shots) {
      const used = result?.shots_used ?? plan.request.shots.length;
      shots.requests++;
      if (used < plan.shotsRequested) {
        shots.fewer++;
        shots.fewer_by_task[plan.task] = (shots.fewer_by_task[plan.task] ?? 0) + 1;
      }
      if (result && !error) row.shots_used = used;
    }
    if (plan.method === 'generative') {
      const response = (!error && result?.responses?.[0]) || '';
      const item = { task: plan.task, gold: plan.gold, response, at };
      generative.push(item);
      const extracted = extractedAnswer(definition, extraction, response) ?? null;
      predictions.push({ ...row, response, answer: plan.gold, extracted, correct: false, method: 'generative' });
      generativeRows.push(predictions.at(-1)!);
      continue;
    }
    const logprobs = !error && Array.isArray(result?.logprobs) && result.logprobs.length === plan.answers!.length ? result.logprobs : undefined;
    const lengths = plan.request.continuations!.map((c, i) => result?.lengths?.[i] ?? [...c].length);
    const picked = logprobs ? plan.answers![argmax(logprobs)] : '';
    const pickedNorm = logprobs ? plan.answers![argmax(logprobs.map((lp, i) => lp / Math.max(1, lengths[i])))] : '';
    const acc = { task: plan.task, gold: plan.gold, response: picked, at };
    const norm = { ...acc, response: pickedNorm };
    byAcc.push(acc);
    byNorm.push(norm);
    if (!logprobs && !error) errors++; // an answer without one log-probability per continuation
    predictions.push({
      ...row, response: picked, answer: plan.gold, extracted: picked || null, correct: false, method: 'loglikelihood',
      response_norm: pickedNorm, correct_norm: false, ...(logprobs ? { logprobs } : {}),
    });
    likelihoodRows.push(predictions.at(-1)!);
  }
  const scores: RunScores = { shots, errors, predictions };
  // Each row's `correct` is the verdict its score counts (the picked answers are read as responses, `arabic`).
  const judge = (items: PredictionItem[], mode: ExtractionMode, mark?: (i: number, correct: boolean) => void): Judged[] => {
    const judged = judgeItems(definition, items, mode);
    if (mark) judged.forEach((verdict, i) => mark(i, verdict.correct));
    return judged;
  };
  // Standard errors as `alw eval score` gives them (its default bootstrap), for every headline score.
  const errorsOf = (judged: Judged[], mode: ExtractionMode) => bootstrapErrors(definition, judged, mode, DEFAULT_BOOTSTRAP);
  if (generative.length) {
    const judged = judge(generative, extraction, (i, correct) => { generativeRows[i].correct = correct; });
    const other = extraction === 'arabic' ? 'acegpt' : 'arabic';
    scores.generative = {
      score: scoreJudged(definition, judged, extraction), other: scoreJudged(definition, judge(generative, other), other), stderr: errorsOf(judged, extraction),
    };
  }
  if (byAcc.length) {
    const acc = judge(byAcc, 'arabic', (i, correct) => { likelihoodRows[i].correct = correct; });
    const norm = judge(byNorm, 'arabic', (i, correct) => { likelihoodRows[i].correct_norm = correct; });
    scores.loglikelihood = {
      acc: withoutExtraction(scoreJudged(definition, acc, 'arabic')), acc_norm: withoutExtraction(scoreJudged(definition, norm, 'arabic')),
      stderr: { acc: errorsOf(acc, 'arabic'), acc_norm: errorsOf(norm, 'arabic') },
    };
  }
  return scores;
}

/** metrics.json of a run: the `alw eval score --json` object of the headline method, plus every method and the shots. */
export function runMetrics(scores: RunScores, method: 'generative' | 'loglikelihood' | 'both'): Record<string, unknown> {
  const { generative, loglikelihood } = scores;
  const headline = generative
    ? { ...withErrors(generative.score, generative.stderr), bootstrap: DEFAULT_BOOTSTRAP, alternative: { extraction: generative.other.extraction, score: generative.other.score, unparsed: generative.other.unparsed } }
    : { ...withErrors(loglikelihood!.acc, loglikelihood!.stderr.acc), bootstrap: DEFAULT_BOOTSTRAP };
  return {
    ...headline,
    method,
    ...(loglikelihood ? { loglikelihood: { acc: withErrors(loglikelihood.acc, loglikelihood.stderr.acc), acc_norm: withErrors(loglikelihood.acc_norm, loglikelihood.stderr.acc_norm) } } : {}),
    shots: scores.shots,
    errors: scores.errors,
  };
}
