/** Agreement statistics on hand-computed fixtures, the agreement report's orientation, and the export rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agreementReport } from '../../src/core/preferences/agreementReport';
import { agreement, marginHistogram, positionConsistency, type Rating } from '../../src/core/preferences/agreementStats';
import { readJudgeReport } from '../../src/core/preferences/judgeReport';
import type { LabelRecord } from '../../src/core/preferences/labelsJournal';
import { pairHash, responseHash } from '../../src/core/preferences/pairHash';
import { exportPreferences, humanDecision } from '../../src/core/preferences/preferenceExport';
import { reviewPairsOfText } from '../../src/core/preferences/reviewPairs';

const ratings = (values: Rating[]) => new Map(values.map((v, i) => [`k${i}`, v]));

test("Cohen's kappa: 50 pairs, 35 agreed, shares .5/.5 and .6/.4 → p_o .7, p_e .5, kappa .4", () => {
  const a: Rating[] = [...Array(20).fill('first'), ...Array(5).fill('first'), ...Array(10).fill('second'), ...Array(15).fill('second')];
  const b: Rating[] = [...Array(20).fill('first'), ...Array(5).fill('second'), ...Array(10).fill('first'), ...Array(15).fill('second')];
  const got = agreement(ratings(a), ratings(b));
  assert.equal(got.pairs, 50);
  assert.ok(Math.abs(got.accuracy! - 0.7) < 1e-12);
  assert.ok(Math.abs(got.kappa! - 0.4) < 1e-12);
});

test("Cohen's kappa with three categories: 3 of 4 agreed, p_e 5/16 → 7/11; only shared pairs count", () => {
  const a = ratings(['first', 'first', 'second', 'tie']);
  const b = ratings(['first', 'second', 'second', 'tie']);
  b.set('only-b', 'first');
  const got = agreement(a, b);
  assert.equal(got.pairs, 4);
  assert.equal(got.accuracy, 0.75);
  assert.ok(Math.abs(got.kappa! - 7 / 11) < 1e-12);
});

test('kappa is undefined (null) when both raters always gave one category, or share no pair', () => {
  assert.deepEqual(agreement(ratings(['first', 'first']), ratings(['first', 'first'])), { pairs: 2, accuracy: 1, kappa: null });
  assert.deepEqual(agreement(ratings(['first']), new Map([['other', 'first' as Rating]])), { pairs: 0, accuracy: null, kappa: null });
  // Complete disagreement with opposite shares: kappa −1.
  assert.equal(agreement(ratings(['first', 'second']), ratings(['second', 'first'])).kappa, -1);
});

test('position consistency counts pairs judged in both orders; margins fall in symmetric bins', () => {
  assert.deepEqual(positionConsistency(['first', 'inconsistent', 'tie', 'unparsed', 'second', 'not-judged']), { pairs: 4, consistent: 3, rate: 0.75 });
  assert.deepEqual(positionConsistency([]), { pairs: 0, consistent: 0, rate: null });
  const h = marginHistogram([-2, -0.5, 0, 0.5, 1.9, 2], 4);
  assert.deepEqual(h.edges, [-2, -1, 0, 1, 2]);
  assert.deepEqual(h.counts, [1, 1, 2, 2]);
});

function reportLine(prompt: string, first: string, second: string, outcome: string, ab: string | null, ba: string | null): string {
  const order = (v: string | null) => (v ? { verdict: v, reply: `سبب.\n[[${v}]]`, cached: false } : null);
  return JSON.stringify({ source: 'p.jsonl:1', responses: [0, 1], outcome, prompt, first, second, ab: order(ab), ba: order(ba), judge_model: 'j' });
}

function label(prompt: string, first: string, second: string, annotator: string, choice: LabelRecord['choice']): LabelRecord {
  return { v: 1, pair: pairHash(prompt, first, second), annotator, at: '2026-12-04T10:00:00.000Z', choice, first: responseHash(first), shown: 'ab', seed: 's', blind: true };
}

test('the agreement report turns every rater to one orientation before comparing', () => {
  const report = readJudgeReport([
    reportLine('p1', 'a', 'b', 'first', 'A', 'B'),
    reportLine('p2', 'c', 'd', 'inconsistent', 'A', 'A'),
    reportLine('p3', 'e', 'f', 'second', 'B', 'A'),
  ].join('\n'), 'report.jsonl');
  assert.deepEqual(report.problems, []);
  assert.equal(report.verdicts.get(pairHash('p1', 'a', 'b'))!.ab!.rationale, 'سبب.');
  // The annotator saw p1 with b first and chose a: the same as the judge.
  const labels = [label('p1', 'b', 'a', 'salma', 'second'), label('p3', 'e', 'f', 'salma', 'first'), label('p2', 'c', 'd', 'salma', 'tie')];
  const rewardScores = new Map([[pairHash('p1', 'a', 'b'), { firstHash: responseHash('b'), scores: [0.1, 0.9] as [number, number] }]]);
  const got = agreementReport({ labels, judge: report.verdicts, rewardScores }, 4);
  assert.deepEqual(got.raters, ['judge', 'reward-model', 'annotator:salma']);
  const judgeHuman = got.agreement.find((r) => r.a === 'judge' && r.b === 'annotator:salma')!;
  assert.equal(judgeHuman.pairs, 2);
  assert.equal(judgeHuman.accuracy, 0.5);
  assert.equal(got.agreement.find((r) => r.a === 'reward-model' && r.b === 'annotator:salma')!.accuracy, 1);
  assert.deepEqual(got.positionConsistency, { pairs: 3, consistent: 2, rate: 2 / 3 });
  // p1's margin in the judge report's orientation (a first): 0.9 − 0.1.
  assert.deepEqual(got.margins.counts, [0, 0, 0, 1]);
});

test('export: humans override the judge, the judge fills the rest, ties/both-bad/split as chosen; chat values kept', () => {
  const lines = [
    { prompt: 'p1', chosen: 'a', rejected: 'b' },
    { prompt: 'p2', chosen: 'c', rejected: 'd' },
    { prompt: 'p3', chosen: 'e', rejected: 'f' },
    { prompt: [{ role: 'user', content: 'p4' }], chosen: [{ role: 'assistant', content: 'g' }], rejected: 'h' },
    { prompt: 'p5', chosen: 'i', rejected: 'j' },
    { prompt: 'p6', chosen: 'k', rejected: 'l' },
  ];
  const { pairs } = reviewPairsOfText(lines.map((l) => JSON.stringify(l)).join('\n'), 'p.jsonl');
  const inputs = [
    { pair: pairs[0], human: ['second' as const], judge: 'first' as const },
    { pair: pairs[1], human: [], judge: 'second' as const },
    { pair: pairs[2], human: ['tie' as const] },
    { pair: pairs[3], human: ['first' as const, 'first' as const, 'second' as const] },
    { pair: pairs[4], human: ['first' as const, 'second' as const], judge: 'first' as const },
    { pair: pairs[5], human: ['both-bad' as const], judge: 'inconsistent' as const },
  ];
  const dropped = exportPreferences(inputs, { keepTies: false, keepBothBad: false });
  assert.deepEqual(dropped.records, [
    { prompt: 'p1', chosen: 'b', rejected: 'a', preference_source: 'human' },
    { prompt: 'p2', chosen: 'd', rejected: 'c', preference_source: 'judge' },
    { prompt: lines[3].prompt, chosen: lines[3].chosen, rejected: 'h', preference_source: 'human' },
  ]);
  assert.deepEqual(dropped.counts, { pairs: 6, written: 3, human: 2, judge: 1, tie: 1, bothBad: 1, split: 1, unreviewed: 0 });
  const kept = exportPreferences(inputs, { keepTies: true, keepBothBad: true });
  assert.deepEqual(kept.records.filter((r) => r.human_label).map((r) => [r.prompt, r.chosen, r.human_label]), [['p3', 'e', 'tie'], ['p6', 'k', 'both-bad']]);
  assert.equal(exportPreferences([{ pair: pairs[0], human: [] }], { keepTies: true, keepBothBad: true }).counts.unreviewed, 1);
  assert.equal(humanDecision(['tie', 'first', 'tie']), 'tie');
  assert.equal(humanDecision([]), undefined);
});
