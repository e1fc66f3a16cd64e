/**
 * Issue 11, scoring: numpy's pairwise summation, the two answer extractions (the AceGPT harness's and the
 * Arabic-aware one), ACVA macro-F1 and the MMLU-style group averages, on hand-computed fixtures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  acegptChoice, acegptYesNo, arabicAnswer, choiceReader, yesNoReader,
} from '../../src/core/evaluation/answerExtraction';
import type { BenchmarkDefinition } from '../../src/core/evaluation/benchmarkDefinition';
import { classF1, macroF1, taskScore } from '../../src/core/evaluation/classMetrics';
import { scoreGroups } from '../../src/core/evaluation/groupScores';
import { pairwiseMean, pairwiseSum } from '../../src/core/evaluation/pairwiseSum';
import { scorePredictions } from '../../src/core/evaluation/scorePredictions';

const big = 2 ** 53; // above it the spacing of doubles is 2, so big + 1 rounds back to big (ties to even)

test('pairwiseSum is numpy\'s: 8-way blocks, the rest added in order, halves above 128 elements', () => {
  // Values checked with numpy: np.sum([2**53] + [1.0]*k) - 2**53 is 6, 8 and 128 for k = 7, 12, 135.
  assert.equal(pairwiseSum([big, 1, 1, 1, 1, 1, 1, 1]) - big, 6);
  assert.equal([big, 1, 1, 1, 1, 1, 1, 1].reduce((a, b) => a + b, 0) - big, 0, 'a left-to-right sum loses every 1');
  assert.equal(pairwiseSum([big, ...Array(12).fill(1)]) - big, 8);
  assert.equal(pairwiseSum([big, ...Array(135).fill(1)]) - big, 128, 'one 136-element block would give 118');
  assert.equal(pairwiseSum([big, 1, 1, 1, 1, 1, 1]) - big, 0, 'under 8 elements: left to right');
  assert.equal(pairwiseSum([]), 0);
  assert.equal(pairwiseMean([0.25, 0.5]), 0.375);
});

test('acegpt extraction: letters A-D anywhere on the first line, de-duplicated and sorted; نعم|لا anywhere', () => {
  assert.equal(acegptChoice('D\n\nسؤال: م'), 'D');
  assert.equal(acegptChoice('B or A, B'), 'AB');
  assert.equal(acegptChoice('Correct'), 'C', 'the C of "Correct" counts, as in the harness');
  assert.equal(acegptChoice('الإجابة: ب'), undefined, 'Arabic letters are not read');
  assert.equal(acegptChoice('\nB'), undefined, 'only the first line, even when empty');
  assert.equal(acegptChoice(''), undefined);
  assert.equal(acegptYesNo('نعم، هذا صحيح'), 'yes');
  assert.equal(acegptYesNo('لا\nنعم'), 'no');
  assert.equal(acegptYesNo('خلال القرن'), 'no', 'the harness finds لا inside خلال');
  assert.equal(acegptYesNo('صح'), undefined);
  assert.equal(acegptYesNo(''), undefined);
});

test('arabic extraction, multiple choice: Latin and Arabic letters as whole words of the normalised first line', () => {
  const read = choiceReader({ labels: ['A', 'B', 'C', 'D'] });
  const answer = (response: string) => arabicAnswer(response, read);
  assert.equal(answer('B'), 'B');
  assert.equal(answer('أ'), 'A');
  assert.equal(answer('إجابة: ج. لأن الماء يغلي'), 'C');
  assert.equal(answer('(د) هو الصحيح'), 'D');
  assert.equal(answer('بَ'), 'B', 'diacritics removed');
  assert.equal(answer('جـ'), 'C', 'tatweel removed');
  assert.equal(answer('A أو B'), 'A', 'the first letter decides');
  assert.equal(answer('\n\n ب\nA'), 'B', 'the first line that has text');
  assert.equal(answer('Correct answer'), undefined, 'letters inside words are not answers');
  assert.equal(answer('لا أعرف'), undefined);
  assert.equal(answer(''), undefined);
  const numbered = choiceReader({ labels: ['1', '2', '3', '4'], numbered: true });
  assert.equal(arabicAnswer('الخيار ٣', numbered), '3', 'Arabic-Indic digits');
  assert.equal(arabicAnswer('2)', numbered), '2');
  assert.equal(arabicAnswer('ب', numbered), undefined, 'numbered options have no letters');
});

test('arabic extraction, yes/no: both label sets, whole words, normalised, the first label decides', () => {
  const read = yesNoReader({ yes: ['نعم', 'صح', 'صحيح'], no: ['لا', 'خطأ', 'خاطئ'] });
  const answer = (response: string) => arabicAnswer(response, read);
  assert.equal(answer('نعم'), 'yes');
  assert.equal(answer('لا، هذا خطأ'), 'no');
  assert.equal(answer('صح'), 'yes');
  assert.equal(answer('خطأ'), 'no');
  assert.equal(answer('خطا'), 'no', 'hamza forms are one');
  assert.equal(answer('نَعَم'), 'yes');
  assert.equal(answer('نعـــم'), 'yes');
  assert.equal(answer('العبارة صحيحة؟ لا'), 'no', 'صحيحة is not صحيح; لا is the first label word');
  assert.equal(answer('خلال القرن العاشر'), undefined, 'the لا inside خلال is not an answer');
  assert.equal(answer('الإسلام دين'), undefined, 'nor the one inside الإسلام');
  assert.equal(answer('إجابة:'), undefined);
  assert.equal(answer(''), undefined);
});

test('macro-F1: the mean of the yes-F1 and the no-F1; unparsed is neither class; an absent class scores 0', () => {
  const pairs = [
    { gold: 'yes', predicted: 'yes' }, { gold: 'yes', predicted: 'yes' }, { gold: 'yes', predicted: 'no' },
    { gold: 'no', predicted: 'no' }, { gold: 'no', predicted: undefined },
  ] as const;
  // yes: TP 2, 3 gold, 2 predicted → 4/5. no: TP 1, 2 gold, 2 predicted → 2/4.
  assert.equal(classF1(pairs, 'yes'), 0.8);
  assert.equal(classF1(pairs, 'no'), 0.5);
  assert.equal(macroF1(pairs), 0.65);
  assert.equal(macroF1([{ gold: 'yes', predicted: 'yes' }]), 0.5, 'no: never gold, never predicted → F1 0');
  assert.equal(macroF1([{ gold: 'yes', predicted: undefined }]), 0);
});

test('groups: leaf average = mean of tasks, parent average = mean of sub-groups, overall item-weighted, headline over the top groups', () => {
  const tasks = { a: taskScore(2, 1, 0), b: taskScore(4, 3, 1), c: taskScore(1, 0, 0), d: taskScore(5, 2, 0) };
  const tree = { G1: { s1: ['a', 'b'], s2: ['c'] }, G2: ['d'] };
  const { groups, topAverages } = scoreGroups(tree, tasks);
  assert.deepEqual(Object.keys(groups), ['G1', 's1', 's2', 'G2']);
  assert.deepEqual(groups.s1, { average: 0.625, overall: 4 / 6, n: 6, parent: 'G1' });
  assert.deepEqual(groups.s2, { average: 0, overall: 0, n: 1, parent: 'G1' });
  assert.deepEqual(groups.G1, { average: 0.3125, overall: 4 / 7, n: 7 });
  assert.deepEqual(topAverages, [0.3125, 0.4]);

  const partial = scoreGroups(tree, { a: tasks.a, b: tasks.b });
  assert.deepEqual(Object.keys(partial.groups), ['G1', 's1'], 'groups with nothing scored are left out');
  assert.deepEqual(partial.groups.G1.missing, ['c']);
  assert.equal(partial.groups.G1.average, 0.625);
  assert.deepEqual(partial.topAverages, [0.625]);
});

const mcq: BenchmarkDefinition = {
  name: 'tiny', title: 'Tiny', kind: 'mcq', metric: 'accuracy', tasks: ['a', 'b', 'c', 'd'],
  data: { format: 'jsonl', splits: { test: 't.jsonl' } }, choices: { labels: ['A', 'B', 'C', 'D'] },
  grouping: { score: 'mean-of-groups', groups: { G1: { s1: ['a', 'b'], s2: ['c'] }, G2: ['d'] } },
};

test('scorePredictions: per task accuracy and unparsed, the mean-of-groups headline, both extractions', () => {
  const item = (task: string, gold: string, response: string) => ({ task, gold, response, at: `f:${task}` });
  const items = [
    item('a', 'A', 'A'), item('a', 'B', 'ج'),
    item('b', 'A', 'أ'), item('b', 'B', 'B'), item('b', 'C', 'C'), item('b', 'D', 'شيء آخر'),
    item('c', 'A', 'B'),
    item('d', 'A', 'A'), item('d', 'B', 'B'), item('d', 'C', 'A'), item('d', 'D', 'A'), item('d', 'A', 'B'),
  ];
  const arabic = scorePredictions(mcq, items, 'arabic');
  assert.deepEqual(arabic.tasks.b, { n: 4, correct: 3, accuracy: 0.75, unparsed: 1 });
  assert.equal(arabic.score, (0.3125 + 0.4) / 2);
  assert.equal(arabic.unparsed, 1);
  assert.deepEqual(arabic.missing, []);
  const acegpt = scorePredictions(mcq, items, 'acegpt');
  assert.deepEqual(acegpt.tasks.b, { n: 4, correct: 2, accuracy: 0.5, unparsed: 2 }, 'أ is not read by the harness');
  assert.deepEqual(acegpt.tasks.a, { n: 2, correct: 1, accuracy: 0.5, unparsed: 1 });
  assert.throws(() => scorePredictions(mcq, [item('a', 'E', 'A')], 'arabic'), /^Error: f:a: the gold answer "E" is not one of A, B, C, D/);
});

test('scorePredictions: ACVA-style macro-F1 pooled over topics, accuracy per topic', () => {
  const acva: BenchmarkDefinition = {
    name: 'yn', title: 'YN', kind: 'yesno', metric: 'macro-f1', data: { format: 'jsonl', splits: { test: 't.jsonl' } },
    labels: { yes: ['نعم', 'صح'], no: ['لا', 'خطأ'] },
  };
  const item = (task: string, gold: string, response: string) => ({ task, gold, response, at: 'f' });
  const items = [item('T1', 'نعم', 'نعم'), item('T1', 'صح', 'صح'), item('T2', 'نعم', 'لا'), item('T2', 'لا', 'لا'), item('T2', 'خطأ', 'خلال ذلك')];
  const arabic = scorePredictions(acva, items, 'arabic');
  // yes: TP 2, 3 gold, 2 predicted → 0.8; no: TP 1, 2 gold, 2 predicted → 0.5.
  assert.equal(arabic.score, 0.65);
  assert.equal(arabic.metric, 'macro-f1');
  assert.deepEqual(arabic.tasks.T2, { n: 3, correct: 1, accuracy: 1 / 3, unparsed: 1 });
  // acegpt: صح unread (unparsed, a missed yes); خلال read as لا (a correct no): yes 2/(3+1), no 4/(2+3).
  const acegpt = scorePredictions(acva, items, 'acegpt');
  assert.equal(acegpt.score, (2 / 4 + 4 / 5) / 2);
});
