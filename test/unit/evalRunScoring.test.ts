/**
 * Issue 11, "Two ways to answer a multiple-choice question": the trainer's results of an `alw eval run` scored.
 * Loglikelihood acc (argmax of log-probabilities) and acc_norm (per character) pick different answers on the
 * same results; generative results go through both extractions; a result with an error is unparsed and counted;
 * requests that ran with fewer exemplars than asked are reported per task; metrics.json's shape.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { BenchmarkDefinition } from '../../src/core/evaluation/benchmarkDefinition';
import { planRequests, type EvalItem } from '../../src/core/evaluation/evalPrompts';
import { runMetrics, scoreRun, type EvalResult } from '../../src/core/evaluation/evalResults';

const root = path.resolve(__dirname, '../../..');
const shipped = (name: string) => parse(readFileSync(path.join(root, 'benchmarks', `${name}.yaml`), 'utf8')) as BenchmarkDefinition;
const byId = (results: EvalResult[]) => new Map(results.map((r) => [r.id, r]));

const statement = (task: string, n: number, answer: string): EvalItem => ({ task, key: `${task}-${n}`, record: { id: `${task}-${n}`, question: `عبارة ${n}`, answer } });

test('loglikelihood: acc takes the highest log-probability, acc_norm the highest per character; they differ here', () => {
  const acva = shipped('acva');
  const items = new Map([['Algeria', [statement('Algeria', 1, 'نعم'), statement('Algeria', 2, 'لا')]]]);
  const planned = planRequests(acva, items, new Map(), { methods: ['loglikelihood'] });
  // " نعم" is 4 characters, " لا" 3: -4 vs -3.5 picks لا, per character -1 vs -1.17 picks نعم.
  const results = byId([
    { id: 'Algeria/Algeria-1', logprobs: [-4, -3.5], lengths: [4, 3] },
    { id: 'Algeria/Algeria-2', logprobs: [-6, -3], lengths: [4, 3] },
  ]);
  const scores = scoreRun(acva, planned, results, 'arabic');
  const { acc, acc_norm: norm } = scores.loglikelihood!;
  assert.equal(acc.tasks.Algeria.correct, 1);
  assert.equal(norm.tasks.Algeria.correct, 2);
  assert.equal(acc.metric, 'macro-f1');
  assert.equal(acc.score, 1 / 3); // predicted no twice: F1(yes) 0, F1(no) 2/3
  assert.equal(norm.score, 1);
  assert.deepEqual(scores.predictions.map((p) => [p.response, p.correct, p.response_norm, p.correct_norm]), [
    ['لا', false, 'نعم', true], ['لا', true, 'لا', true],
  ]);
  assert.equal(scores.generative, undefined);
});

test('a result with an error (or none) is unparsed, wrong, and counted; a generative one is scored by both extractions', () => {
  const exams = shipped('exams');
  const item = (n: number, answer: string): EvalItem => ({ task: 'Physics', key: `Physics-${n}`, record: { id: `Physics-${n}`, question: 'س', A: '1', B: '2', C: '3', D: '4', answer } });
  const items = new Map([['Physics', [item(1, 'B'), item(2, 'A'), item(3, 'C')]]]);
  const planned = planRequests(exams, items, new Map(), { methods: ['generative', 'loglikelihood'], shots: 0 });
  const results = byId([
    { id: 'Physics/Physics-1', responses: [' Correct: B'] }, // acegpt reads "BC" (the C of Correct), arabic reads B
    { id: 'Physics/Physics-2', error: 'context too long even with 0 shots' },
    { id: 'Physics/Physics-1#ll', logprobs: [-3, -1, -2, -5] },
    { id: 'Physics/Physics-2#ll', error: 'context too long even with 0 shots' },
    { id: 'Physics/Physics-3#ll', logprobs: [-3, -1, -2, -5] },
  ]); // Physics-3's generation has no result at all
  const scores = scoreRun(exams, planned, results, 'arabic');
  const generative = scores.generative!;
  assert.deepEqual(generative.score.tasks.Physics, { n: 3, correct: 1, accuracy: 1 / 3, unparsed: 2 });
  assert.deepEqual(generative.other.tasks.Physics, { n: 3, correct: 0, accuracy: 0, unparsed: 2 });
  assert.deepEqual(scores.loglikelihood!.acc.tasks.Physics, { n: 3, correct: 1, accuracy: 1 / 3, unparsed: 1 });
  assert.equal(scores.errors, 3);
  const failed = scores.predictions.filter((p) => p.error);
  assert.deepEqual(failed.map((p) => [p.method, p.id, p.response, p.extracted, p.correct]), [
    ['generative', 'Physics-2', '', null, false], ['loglikelihood', 'Physics-2', '', null, false], ['generative', 'Physics-3', '', null, false],
  ]);
  const metrics = runMetrics(scores, 'both');
  assert.equal(metrics.method, 'both');
  assert.equal(metrics.extraction, 'arabic');
  assert.deepEqual(metrics.alternative, { extraction: 'acegpt', score: 0, unparsed: 2 });
  assert.equal((metrics.loglikelihood as { acc: { score: number } }).acc.score, 1 / 3);
  assert.equal(metrics.errors, 3);
  // Standard errors as alw eval score --json has them: the score's, every task's, each loglikelihood score's.
  assert.equal(typeof metrics.stderr, 'number');
  assert.equal(typeof (metrics.tasks as Record<string, { stderr: number }>).Physics.stderr, 'number');
  assert.equal(typeof (metrics.loglikelihood as { acc_norm: { stderr: number } }).acc_norm.stderr, 'number');
  assert.deepEqual(metrics.bootstrap, { resamples: 1000, seed: 1 });
});

test('shots: requests that ran with fewer exemplars than asked, from the trainer\'s shots_used or a short dev split', () => {
  const mmlu = shipped('mmlu-ar');
  const row = (task: string, n: number): EvalItem => ({ task, key: String(n), record: { question: `q${n}`, A: 'a', B: 'b', C: 'c', D: 'd', answer: 'A' } });
  const items = new Map([['anatomy', [row('anatomy', 0), row('anatomy', 1)]], ['virology', [row('virology', 0)]]]);
  const dev = new Map([['anatomy', [0, 1, 2].map((n) => row('anatomy', 10 + n))], ['virology', [row('virology', 10)]]]);
  const planned = planRequests(mmlu, items, dev, { methods: ['generative'], shots: 3 });
  const results = byId([
    { id: 'anatomy/0', responses: ['A'], shots_used: 3 },
    { id: 'anatomy/1', responses: ['A'], shots_used: 1 }, // dropped to fit the context
    { id: 'virology/0', responses: ['B'] }, // dev has one exemplar for it
  ]);
  const scores = scoreRun(mmlu, planned, results, 'arabic');
  assert.deepEqual(scores.shots, { requested: 3, requests: 3, fewer: 2, fewer_by_task: { anatomy: 1, virology: 1 } });
  assert.deepEqual(scores.predictions.map((p) => p.shots_used), [3, 1, 1]);
  assert.equal(scores.generative!.score.tasks.virology.correct, 0);
  assert.equal(scores.generative!.score.groups.health.n, 3);
});

test('MCQ loglikelihood: the option letters have one length, so acc_norm equals acc', () => {
  const mmlu = shipped('mmlu-ar');
  const items = new Map([['anatomy', [{ task: 'anatomy', key: '0', record: { question: 'q', A: 'a', B: 'b', C: 'c', D: 'd', answer: 'C' } }]]]);
  const planned = planRequests(mmlu, items, new Map(), { methods: ['loglikelihood'], shots: 0 });
  const scores = scoreRun(mmlu, planned, byId([{ id: 'anatomy/0', logprobs: [-2, -3, -0.5, -1], lengths: [2, 2, 2, 2] }]), 'arabic');
  assert.equal(scores.loglikelihood!.acc.tasks.anatomy.correct, 1);
  assert.equal(scores.loglikelihood!.acc_norm.tasks.anatomy.correct, 1);
  assert.equal(scores.predictions[0].extracted, 'C');
  assert.equal(runMetrics(scores, 'loglikelihood').method, 'loglikelihood');
});
