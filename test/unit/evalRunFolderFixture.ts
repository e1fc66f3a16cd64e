/**
 * Writes an eval run folder as `alw eval run` leaves it once scored (eval.json, requests.jsonl, predictions.jsonl,
 * metrics.json), made by the real planning and scoring code (src/core/evaluation; scoreEvalRun, the engine's
 * writer of predictions.jsonl and metrics.json) from fixed model answers in output/results.jsonl: no trainer. Shared by the Results unit tests and the in-editor suite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { planRequests, type EvalItem } from '../../src/core/evaluation/evalPrompts';
import { loadBenchmark } from '../../src/engine/evaluation/benchmarkFiles';
import { scoreEvalRun, type EvalOptions } from '../../src/engine/evaluation/evalRuns';

/** Three MMLU subjects in two categories (STEM: physics, math; humanities: history), with Arabic questions. */
export const FIXTURE_TASKS = ['astronomy', 'college_physics', 'abstract_algebra', 'prehistory'];

/** `answers[task][i]`: the raw response to item i of a task (4 items each, gold A, B, C, D). */
export type FixtureAnswers = Record<string, string[]>;

export const GOOD_ANSWERS: FixtureAnswers = {
  astronomy: ['A', 'B', 'C', 'D'], college_physics: ['A', 'B', 'A', 'لا أعرف'],
  abstract_algebra: ['A', 'C', 'C', 'D'], prehistory: ['B', 'B', '', 'D'],
};
export const WEAK_ANSWERS: FixtureAnswers = {
  astronomy: ['A', 'A', 'A', 'A'], college_physics: ['B', 'B', 'B', 'B'],
  abstract_algebra: ['?', '?', 'C', 'D'], prehistory: ['A', 'B', 'C', 'D'],
};

const GOLD = ['A', 'B', 'C', 'D'];

export function writeEvalRunFolder(dir: string, model: string, answers: FixtureAnswers): { dir: string; metrics: Record<string, unknown> } {
  const { file, definition } = loadBenchmark(path.join(__dirname, '../../../benchmarks/mmlu-ar.yaml'));
  const items = new Map<string, EvalItem[]>(FIXTURE_TASKS.map((task) => [task, GOLD.map((answer, i) => ({
    task, key: String(i), record: { question: `سؤال ${i + 1} في ${task}: ما الجواب؟`, A: 'الأول', B: 'الثاني', C: 'الثالث', D: 'الرابع', answer },
  }))]));
  const planned = planRequests(definition, items, new Map(), { methods: ['generative'], shots: 0 });
  mkdirSync(path.join(dir, 'output'), { recursive: true });
  const results = planned.map((p) => JSON.stringify({ id: p.request.id, type: 'generate', responses: [answers[p.task][Number(p.key)]] }));
  writeFileSync(path.join(dir, 'output', 'results.jsonl'), results.join('\n') + '\n');
  const options: EvalOptions = { benchmark: file, model, data: '/data/mmlu', split: 'test', method: 'generative', methods: ['generative'], chat: false, shots: 0, extraction: 'arabic' };
  writeFileSync(path.join(dir, 'eval.json'), JSON.stringify(options, null, 2) + '\n');
  writeFileSync(path.join(dir, 'requests.jsonl'), planned.map((p) => JSON.stringify(p.request)).join('\n') + '\n');
  const { metrics } = scoreEvalRun({ dir, options, definition, planned });
  return { dir, metrics };
}
