/**
 * Scores a benchmark's predictions, wherever they were made: each item's gold answer and the model's raw
 * response, read with one extraction mode, tallied per task, then the benchmark's metric and grouping.
 */
import {
  acegptChoice, acegptYesNo, arabicAnswer, choiceReader, yesNoReader, type ExtractionMode, type YesNo,
} from './answerExtraction';
import type { BenchmarkDefinition } from './benchmarkDefinition';
import { macroF1, taskScore, type TaskScore, type YesNoPair } from './classMetrics';
import { itemWeighted, scoreGroups, type GroupScore } from './groupScores';
import { pairwiseMean } from './pairwiseSum';

export interface PredictionItem {
  task: string;
  gold: string;
  response: string;
  /** FILE:LINE:COLUMN of the gold answer, for errors. */
  at: string;
  /** What pairs this item with the same item of another run: its id, `#query_id`, or `@place` in its task. */
  key?: string;
}

export interface EvalScore {
  benchmark: string;
  extraction: ExtractionMode;
  metric: 'accuracy' | 'macro-f1';
  score: number;
  items: number;
  unparsed: number;
  tasks: Record<string, TaskScore>;
  groups: Record<string, GroupScore>;
  /** The definition's tasks with no predictions (the score covers the others). */
  missing: string[];
}

export interface Judged {
  task: string;
  correct: boolean;
  parsed: boolean;
  pair?: YesNoPair;
}

/** How one item is judged under a mode; throws at the item's place when its gold answer is not a label. */
function judge(definition: BenchmarkDefinition, mode: ExtractionMode): (item: PredictionItem) => Judged {
  if (definition.kind === 'mcq') {
    const choices = definition.choices!;
    const read = choiceReader(choices);
    return (item) => {
      const gold = read(item.gold);
      if (gold === undefined) throw new Error(`${item.at}: the gold answer ${JSON.stringify(item.gold)} is not one of ${choices.labels.join(', ')}`);
      // The harness compares the joined letters with the gold string as it is.
      const predicted = mode === 'acegpt' ? acegptChoice(item.response) : arabicAnswer(item.response, read);
      return { task: item.task, parsed: predicted !== undefined, correct: mode === 'acegpt' ? predicted === item.gold : predicted === gold };
    };
  }
  if (definition.kind === 'yesno') {
    const labels = definition.labels!;
    const read = yesNoReader(labels);
    return (item) => {
      const gold = read(item.gold);
      if (gold === undefined) throw new Error(`${item.at}: the gold answer ${JSON.stringify(item.gold)} is none of ${[...labels.yes, ...labels.no].join(', ')}`);
      const predicted: YesNo | undefined = mode === 'acegpt' ? acegptYesNo(item.response) : arabicAnswer(item.response, read);
      return { task: item.task, parsed: predicted !== undefined, correct: predicted === gold, pair: { gold, predicted } };
    };
  }
  throw new Error(unscorable(definition));
}

/** Why a benchmark cannot be scored from responses alone (judged ones), or undefined. */
export function unscorable(definition: BenchmarkDefinition): string | undefined {
  if (definition.kind === 'mcq' || definition.kind === 'yesno') return undefined;
  return `benchmark ${definition.name} is judged (kind ${definition.kind}, metric ${definition.metric}): alw eval score does not score it yet`;
}

export function scorePredictions(definition: BenchmarkDefinition, items: readonly PredictionItem[], mode: ExtractionMode): EvalScore {
  return scoreJudged(definition, judgeItems(definition, items, mode), mode);
}

/** Every item judged under a mode (correct, parsed, and for yes/no the gold and predicted class). */
export function judgeItems(definition: BenchmarkDefinition, items: readonly PredictionItem[], mode: ExtractionMode): Judged[] {
  const judgeItem = judge(definition, mode);
  return items.map(judgeItem);
}

/** The benchmark's score of judged items: tallies per task, then the metric and the grouping. */
export function scoreJudged(definition: BenchmarkDefinition, judged: readonly Judged[], mode: ExtractionMode): EvalScore {
  const tallies = new Map<string, { n: number; correct: number; unparsed: number }>();
  const pairs: YesNoPair[] = [];
  for (const verdict of judged) {
    const tally = tallies.get(verdict.task) ?? { n: 0, correct: 0, unparsed: 0 };
    tallies.set(verdict.task, tally);
    tally.n++;
    if (verdict.correct) tally.correct++;
    if (!verdict.parsed) tally.unparsed++;
    if (verdict.pair) pairs.push(verdict.pair);
  }
  // Tasks in the definition's order, then any it does not list in the order met.
  const order = [...(definition.tasks ?? []).filter((t) => tallies.has(t)), ...[...tallies.keys()].filter((t) => !definition.tasks?.includes(t))];
  const tasks: Record<string, TaskScore> = {};
  for (const task of order) {
    const t = tallies.get(task)!;
    tasks[task] = taskScore(t.n, t.correct, t.unparsed);
  }
  const scored = Object.values(tasks);
  const grouped = definition.grouping ? scoreGroups(definition.grouping.groups, tasks) : undefined;
  let score: number;
  if (definition.metric === 'macro-f1') score = macroF1(pairs);
  else if (grouped && (definition.grouping!.score ?? 'mean-of-groups') === 'mean-of-groups') score = pairwiseMean(grouped.topAverages);
  else score = itemWeighted(scored);
  return {
    benchmark: definition.name,
    extraction: mode,
    metric: definition.metric === 'macro-f1' ? 'macro-f1' : 'accuracy',
    score,
    items: judged.length,
    unparsed: scored.reduce((sum, t) => sum + t.unparsed, 0),
    tasks,
    groups: grouped?.groups ?? {},
    missing: (definition.tasks ?? []).filter((t) => !tasks[t]),
  };
}
