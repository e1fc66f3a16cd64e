/** The judge's pure parts: verdict and rating parsing, both-order logic, pairing, the shipped rubrics, cache keys. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { judgeCacheKeyText, type JudgeCacheKeyParts } from '../../src/core/preferences/judgeCacheKey';
import { estimateBatch, guessTokens } from '../../src/core/preferences/judgeEstimate';
import { combineVerdicts, verdictWinner } from '../../src/core/preferences/judgeOrder';
import { judgePairsOf } from '../../src/core/preferences/judgePairs';
import { missingRubricVariables, Rubric, RubricError } from '../../src/core/preferences/judgeRubric';
import { parsePairwiseVerdict, parseRating } from '../../src/core/preferences/judgeVerdict';
import { parseRetryAfter, retryDelayMs } from '../../src/engine/preferences/retryPolicy';

const root = path.resolve(__dirname, '../../..');
const rubricFile = (name: string) => path.join(root, 'rubrics', name);

test('a pairwise verdict is the last line [[A]], [[B]] or [[C]]; the rationale is the text above it', () => {
  assert.deepEqual(parsePairwiseVerdict('الإجابة الأولى أدق.\n\n[[A]]\n'), { verdict: 'A', rationale: 'الإجابة الأولى أدق.' });
  assert.equal(parsePairwiseVerdict('reason\r\n[[B]]').verdict, 'B');
  assert.equal(parsePairwiseVerdict('متكافئتان\n**[[C]]**').verdict, 'C');
  assert.equal(parsePairwiseVerdict('reason\nFinal verdict: [[A]]').verdict, 'A');
  assert.equal(parsePairwiseVerdict('reason\nالحكم: [[B]]').verdict, 'B');
});

test('a reply without a verdict line is unparsed, never guessed', () => {
  for (const reply of [
    'A is better.', // no brackets
    '[[A]] is better because it is accurate.', // verdict not on its own last line
    '[[A]]\nactually, on reflection, B', // verdict not last
    'reason\n[[D]]', 'reason\n[[a]]', 'reason\n[[A]] [[B]]', 'reason\n[A]', '',
  ]) {
    const parsed = parsePairwiseVerdict(reply);
    assert.equal(parsed.verdict, undefined, reply);
    assert.equal(parsed.rationale, reply.trim());
  }
});

test('a single-answer rating is a whole number 1–10 as [[rating]] on the last line', () => {
  assert.deepEqual(parseRating('جيدة لكن ناقصة.\nالدرجة: [[7]]'), { verdict: 7, rationale: 'جيدة لكن ناقصة.' });
  assert.equal(parseRating('x\n[[10]]').verdict, 10);
  assert.equal(parseRating('x\n[[1]]').verdict, 1);
  for (const bad of ['x\n[[0]]', 'x\n[[11]]', 'x\n[[7.5]]', 'x\n[[seven]]', 'x\n[[A]]', 'rated [[7]] overall']) assert.equal(parseRating(bad).verdict, undefined, bad);
});

test('both orders: agreeing verdicts decide, disagreeing ones are inconsistent, a missing one is unparsed', () => {
  assert.equal(verdictWinner('A', 'ab'), 'first');
  assert.equal(verdictWinner('A', 'ba'), 'second');
  assert.equal(combineVerdicts('A', 'B'), 'first'); // first shown as A wins, then shown as B wins
  assert.equal(combineVerdicts('B', 'A'), 'second');
  assert.equal(combineVerdicts('C', 'C'), 'tie');
  assert.equal(combineVerdicts('A', 'A'), 'inconsistent'); // always the first slot: position bias
  assert.equal(combineVerdicts('B', 'B'), 'inconsistent');
  assert.equal(combineVerdicts('A', 'C'), 'inconsistent');
  assert.equal(combineVerdicts(undefined, 'B'), 'unparsed');
  assert.equal(combineVerdicts('A', undefined), 'unparsed');
});

test('a ranked record gives K(K−1)/2 pairs; a preference record its one pair; others are refused with the reason', () => {
  const ranked = judgePairsOf({ prompt: 'س', responses: ['ج١', 'ج٢', 'ج٣', 'ج٤'], dialect: 'مصري' }, 3);
  assert.ok('pairs' in ranked);
  assert.equal(ranked.pairs.length, 6);
  assert.deepEqual(ranked.pairs.map((p) => [p.firstIndex, p.secondIndex]), [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
  assert.deepEqual(ranked.pairs[5], { line: 3, prompt: 'س', first: 'ج٣', second: 'ج٤', firstIndex: 2, secondIndex: 3, dialect: 'مصري' });
  const chat = judgePairsOf({ prompt: [{ role: 'user', content: 'س' }], chosen: [{ role: 'assistant', content: 'ج' }], rejected: 'د' }, 1);
  assert.ok('pairs' in chat);
  assert.deepEqual(chat.pairs.map((p) => [p.prompt, p.first, p.second]), [['س', 'ج', 'د']]);
  assert.deepEqual(judgePairsOf({ prompt: 'س', responses: ['ج'] }, 1), { problem: 'a ranked record needs at least 2 responses' });
  assert.deepEqual(judgePairsOf({ prompt: 'س', chosen: 'ج', rejected: ' ' }, 1), { problem: '`rejected` is missing or empty' });
  assert.match((judgePairsOf({ text: 'x' }, 1) as { problem: string }).problem, /no prompt/);
  assert.match((judgePairsOf({ prompt: 'x', output: 'y' }, 1) as { problem: string }).problem, /not a ranked .* or preference/);
});

test('the shipped Arabic rubrics render the question, both answers and the dialect, and ask for the verdict format', () => {
  const pairwiseText = readFileSync(rubricFile('pairwise-ar.jinja'), 'utf8');
  assert.deepEqual(missingRubricVariables(pairwiseText, 'pairwise'), []);
  const pairwise = new Rubric(pairwiseText, 'pairwise-ar.jinja');
  const msa = pairwise.renderPairwise('ما عاصمة مصر؟', 'القاهرة', 'الإسكندرية');
  assert.match(msa, /\[سؤال المستخدم\]\nما عاصمة مصر؟/);
  assert.match(msa, /\[بداية إجابة المساعد A\]\nالقاهرة\n\[نهاية إجابة المساعد A\]/);
  assert.match(msa, /\[بداية إجابة المساعد B\]\nالإسكندرية\n/);
  assert.match(msa, /\[\[A\]\].*\[\[B\]\].*\[\[C\]\]/);
  for (const criterion of ['الفائدة', 'الدقة', 'الملاءمة الثقافية', 'الدين', 'جودة اللغة العربية', 'الفصحى', 'السلامة']) assert.ok(msa.includes(criterion), criterion);
  assert.ok(!msa.includes('{{') && !msa.includes('{#'), 'no template syntax left');
  assert.match(pairwise.renderPairwise('س', 'أ', 'ب', 'الخليجية'), /باللهجة المطلوبة \(الخليجية\)/);

  const singleText = readFileSync(rubricFile('single-ar.jinja'), 'utf8');
  assert.deepEqual(missingRubricVariables(singleText, 'single'), []);
  assert.deepEqual(missingRubricVariables(singleText, 'pairwise'), ['answer_a', 'answer_b']);
  const single = new Rubric(singleText, 'single-ar.jinja', 'single').renderSingle('س', 'الجواب');
  assert.match(single, /\[بداية إجابة المساعد\]\nالجواب\n/);
  assert.match(single, /\[\[7\]\]/);
  assert.throws(() => new Rubric('{% if %}', 'bad.jinja'), (e: unknown) => e instanceof RubricError && /bad\.jinja: not a valid Jinja template/.test(e.message));
});

test('cache keys: every part counts, the endpoint is normalised, the text holds no key', () => {
  const parts: JudgeCacheKeyParts = { endpoint: 'http://Host:8000/v1/', model: 'm', rubricHash: 'h', prompt: 'س', answerA: 'a', answerB: 'b', dialect: '', order: 'ab', sample: 0, params: { temperature: 0, max_tokens: 10 } };
  const key = judgeCacheKeyText(parts);
  assert.equal(judgeCacheKeyText({ ...parts, endpoint: 'http://host:8000/v1', params: { max_tokens: 10, temperature: 0 } }), key);
  for (const change of [{ model: 'n' }, { rubricHash: 'g' }, { prompt: 'ص' }, { answerA: 'b', answerB: 'a' }, { dialect: 'مصري' }, { order: 'ba' as const }, { sample: 1 }, { params: { temperature: 1, max_tokens: 10 } }]) {
    assert.notEqual(judgeCacheKeyText({ ...parts, ...change }), key, JSON.stringify(change));
  }
});

test('token estimates are a guess of characters / 2.5; Retry-After in seconds or as a date, capped', () => {
  assert.equal(guessTokens('مرحبا بكم'), 4); // 9 characters
  assert.deepEqual(estimateBatch([2, 5], 100), { requests: 2, promptTokens: 3, completionTokensAtMost: 200, guess: true });
  const options = { retries: 3, baseDelayMs: 500, maxWaitMs: 10_000 };
  assert.equal(retryDelayMs(0, null, options), 500);
  assert.equal(retryDelayMs(2, null, options), 2000);
  assert.equal(retryDelayMs(0, '3', options), 3000); // the header, not the back-off
  assert.equal(retryDelayMs(0, '0', options), 0);
  assert.equal(retryDelayMs(0, '120', options), 10_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 5000);
  assert.equal(parseRetryAfter('soon'), undefined);
});
