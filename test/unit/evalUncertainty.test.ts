/**
 * Issue 11, uncertainty: McNemar's exact test on hand-computed counts, the seeded bootstrap's standard errors
 * (deterministic, close to the binomial formula, macro-F1 recomputed per resample) and the paired comparison.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchmarkDefinition } from '../../src/core/evaluation/benchmarkDefinition';
import { bootstrapErrors, pairedBootstrap, quantile, stratifiedResamples } from '../../src/core/evaluation/bootstrap';
import { comparePredictions } from '../../src/core/evaluation/comparePredictions';
import { mcnemarExact } from '../../src/core/evaluation/mcnemar';
import { judgeItems, type PredictionItem } from '../../src/core/evaluation/scorePredictions';

test('McNemar exact: two-sided binomial tail of the discordant pairs, hand-computed', () => {
  // n = 10, P(X ≤ 1) = (1 + 10) / 1024, doubled: 22/1024.
  assert.equal(mcnemarExact(1, 9), 0.021484375);
  assert.equal(mcnemarExact(9, 1), 0.021484375, 'symmetric');
  assert.equal(mcnemarExact(0, 5), 0.0625, '2 · 2^-5');
  assert.equal(mcnemarExact(3, 12), 0.03515625, '2 · (1 + 15 + 105 + 455) / 2^15');
  assert.equal(mcnemarExact(0, 0), 1, 'no discordant pair: no evidence');
  assert.equal(mcnemarExact(5, 5), 1, 'capped at 1');
  assert.equal(mcnemarExact(0, 1), 1);
  // 1300 discordant pairs: 2^-1300 underflows, the log-space sum gives Python's exact fraction to 1e-12.
  assert.ok(Math.abs(mcnemarExact(600, 700) / 0.0060157938610449525 - 1) < 1e-12, String(mcnemarExact(600, 700)));
  assert.throws(() => mcnemarExact(-1, 2), /whole numbers/);
});

const mcq: BenchmarkDefinition = {
  name: 'tiny', title: 'Tiny', kind: 'mcq', metric: 'accuracy', tasks: ['a', 'b'],
  data: { format: 'jsonl', splits: { test: 't.jsonl' } }, choices: { labels: ['A', 'B', 'C', 'D'] },
};
const item = (task: string, gold: string, response: string, key: string): PredictionItem => ({ task, gold, response, at: `f:${key}`, key });
/** n items of a task, the first `correct` of them answered right. */
const run = (task: string, n: number, correct: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => item(task, 'A', (i + offset) % n < correct ? 'A' : 'B', `${task}-${i}`));

test('stratified resamples: seeded, the same every time, each task keeping its size', () => {
  const tasks = ['a', 'a', 'a', 'b', 'b'];
  const first = [...stratifiedResamples(tasks, { resamples: 5, seed: 7 })];
  assert.deepEqual([...stratifiedResamples(tasks, { resamples: 5, seed: 7 })], first);
  assert.notDeepEqual([...stratifiedResamples(tasks, { resamples: 5, seed: 8 })], first);
  for (const picked of first) {
    assert.ok([...picked.slice(0, 3)].every((i) => i < 3), 'task a drawn from a');
    assert.ok([...picked.slice(3)].every((i) => i >= 3), 'task b drawn from b');
  }
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5, 'linear between order statistics (numpy)');
  assert.equal(quantile([0, 10], 0.975), 9.75);
});

test('bootstrap standard error: deterministic, near sqrt(p(1-p)/n) per task, 0 for a task all right', () => {
  const items = [...run('a', 400, 100), ...run('b', 50, 50)];
  const judged = judgeItems(mcq, items, 'arabic');
  const errors = bootstrapErrors(mcq, judged, 'arabic');
  assert.deepEqual(bootstrapErrors(mcq, judged, 'arabic'), errors, 'the same seed gives the same errors');
  assert.notEqual(bootstrapErrors(mcq, judged, 'arabic', { resamples: 1000, seed: 2 }).score, errors.score);
  const binomial = Math.sqrt(0.25 * 0.75 / 400);
  assert.ok(Math.abs(errors.tasks.a / binomial - 1) < 0.1, `${errors.tasks.a} vs ${binomial}`);
  assert.equal(errors.tasks.b, 0);
  // No grouping: the score is item-weighted accuracy, whose error comes from task a alone: 400/450 of it.
  assert.ok(Math.abs(errors.score - (errors.tasks.a * 400) / 450) < 1e-12);
  assert.throws(() => bootstrapErrors(mcq, judged, 'arabic', { resamples: 1, seed: 1 }), /at least 2 resamples/);
});

test('macro-F1 is recomputed per resample: all answers right still varies when a resample lacks a class', () => {
  const acva: BenchmarkDefinition = {
    name: 'yn', title: 'YN', kind: 'yesno', metric: 'macro-f1', data: { format: 'jsonl', splits: { test: 't.jsonl' } },
    labels: { yes: ['نعم'], no: ['لا'] },
  };
  const small = ['نعم', 'نعم', 'لا', 'لا'].map((gold, i) => item('T', gold, gold, String(i)));
  const errors = bootstrapErrors(acva, judgeItems(acva, small, 'arabic'), 'arabic');
  assert.equal(errors.tasks.T, 0, 'accuracy is 1 in every resample');
  // A resample of only one class (1/8 of them) scores 0.5 (the absent class has F1 0): SE ≈ sqrt(p(1-p))·0.5, p = 1/8.
  assert.ok(errors.score > 0.1 && errors.score < 0.23, String(errors.score));
  const large = Array.from({ length: 200 }, (_, i) => (i % 2 ? 'نعم' : 'لا')).map((gold, i) => item('T', gold, gold, String(i)));
  assert.equal(bootstrapErrors(acva, judgeItems(acva, large, 'arabic'), 'arabic').score, 0);
});

test('paired comparison: identical runs differ by 0 with p = 1; 1 vs 9 discordant items is p = 0.021484375', () => {
  const a = [...run('a', 20, 10), ...run('b', 5, 2)];
  const same = comparePredictions(mcq, a, a, 'arabic');
  assert.equal(same.difference, 0);
  assert.deepEqual([same.interval.low, same.interval.high, same.interval.stderr], [0, 0, 0]);
  assert.deepEqual(same.mcnemar, { aOnlyCorrect: 0, bOnlyCorrect: 0, p: 1 });
  assert.equal(same.significant, false);

  // B: the same as A but 9 of A's wrong items right and 1 of A's right items wrong (task a).
  const b = a.map((it, i) => (i >= 10 && i < 19 ? { ...it, response: 'A' } : i === 0 ? { ...it, response: 'B' } : it));
  const c = comparePredictions(mcq, a, b, 'arabic');
  assert.deepEqual(c.mcnemar, { aOnlyCorrect: 1, bOnlyCorrect: 9, p: 0.021484375 });
  assert.equal(c.significant, true);
  assert.equal(c.test, 'mcnemar');
  assert.equal(c.difference, 12 / 25 - 20 / 25);
  assert.ok(c.interval.low < c.difference && c.difference < c.interval.high && c.interval.high < 0, JSON.stringify(c.interval));
  assert.deepEqual(comparePredictions(mcq, a, b, 'arabic'), c, 'deterministic');
  assert.deepEqual(comparePredictions(mcq, a, b, 'arabic').interval, {
    ...pairedBootstrap(mcq, judgeItems(mcq, a, 'arabic'), judgeItems(mcq, b, 'arabic'), 'arabic'), level: 0.95, resamples: 1000, seed: 1,
  });

  // Only the items both runs have are compared; one more item of B is not.
  const partial = comparePredictions(mcq, a.slice(0, 20), [...b, item('a', 'A', 'A', 'extra')], 'arabic');
  assert.deepEqual([partial.shared, partial.onlyA, partial.onlyB], [20, 0, 6]);
  assert.throws(() => comparePredictions(mcq, [a[0], a[0]], a, 'arabic'), /^Error: f:a-0: item a-0 of task "a" again \(first at f:a-0\)/);
  assert.throws(() => comparePredictions(mcq, [item('a', 'A', 'A', 'x')], [item('a', 'A', 'A', 'y')], 'arabic'), /share no item/);
});
