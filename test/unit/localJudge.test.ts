/**
 * The local judge's side of the requests contract: the choice_probs (and rationale) requests it writes for both
 * orders, and how results become verdicts (argmax, probabilities kept, a per-request error → unparsed). The
 * trainer is trainerStandIn.ts (an executable answering `stage: eval` as the contract says); the real trainer
 * runs in test/engine/localFeedback.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { localVerdict, verdictRequest } from '../../src/core/preferences/localJudgeRequests';
import type { JudgePair } from '../../src/core/preferences/judgePairs';
import { Rubric } from '../../src/core/preferences/judgeRubric';
import { argmaxLabel, parseResultLine } from '../../src/core/trainerRequests/trainerRequests';
import { JudgeRequestError } from '../../src/engine/preferences/judgeBackend';
import { planJudgeBatch, runJudgeBatch } from '../../src/engine/preferences/judgeBatch';
import { JudgeCache } from '../../src/engine/preferences/judgeCache';
import { LocalChatJudge } from '../../src/engine/preferences/localChatJudge';
import { trainerStandIn } from './trainerStandIn';

const root = path.resolve(__dirname, '../../..');
const rubric = new Rubric(readFileSync(path.join(root, 'rubrics/pairwise-ar.jinja'), 'utf8'), 'pairwise-ar.jinja');
const temp = mkdtempSync(path.join(tmpdir(), 'alw-local-judge-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let folders = 0;

/** A model folder as the trainer writes one (only its file names, sizes and times matter to the judge). */
function modelFolder(): string {
  const dir = path.join(temp, `model-${folders++}`);
  require('node:fs').mkdirSync(dir);
  writeFileSync(path.join(dir, 'config.json'), '{"model_type":"llama"}');
  writeFileSync(path.join(dir, 'model.safetensors'), 'weights');
  return dir;
}

const PAIRS: JudgePair[] = [
  { line: 1, prompt: 'ما عاصمة المغرب؟', first: 'الرباط (9/10)', second: 'الدار البيضاء (2/10)', firstIndex: 0, secondIndex: 1 },
  { line: 2, prompt: 'اكتب تحية.', first: 'صباح الخير (5/10)', second: 'صباح النور (5/10)', firstIndex: 0, secondIndex: 1, dialect: 'مصري' },
];
const signal = new AbortController().signal;

test('both orders become choice_probs requests with the exact rendered rubric, "[[" opening the reply; one trainer run for the batch', async () => {
  const trainer = trainerStandIn();
  const judge = new LocalChatJudge({ modelDir: modelFolder(), python: trainer.python, runsDir: path.join(temp, 'runs-1'), batchSize: 4 });
  const cache = new JudgeCache(path.join(temp, 'cache-1'));
  const tasks = planJudgeBatch(PAIRS, rubric, 'hash', judge, cache);
  const progress: number[] = [];
  const { results, counts } = await runJudgeBatch(PAIRS, tasks, judge, cache, { concurrency: 4, signal, onProgress: (d) => progress.push(d) });

  const runs = trainer.runs();
  assert.equal(runs.length, 1, 'one trainer run for the whole batch');
  assert.deepEqual(runs[0].config, { stage: 'eval', model: judge.model, evaluation: { requests: 'requests.jsonl', batch_size: 4 } });
  const expected = [
    rubric.renderPairwise('ما عاصمة المغرب؟', 'الرباط (9/10)', 'الدار البيضاء (2/10)'),
    rubric.renderPairwise('ما عاصمة المغرب؟', 'الدار البيضاء (2/10)', 'الرباط (9/10)'),
    rubric.renderPairwise('اكتب تحية.', 'صباح الخير (5/10)', 'صباح النور (5/10)', 'مصري'),
    rubric.renderPairwise('اكتب تحية.', 'صباح النور (5/10)', 'صباح الخير (5/10)', 'مصري'),
  ];
  assert.deepEqual(runs[0].requests, expected.map((content, i) => ({
    id: `verdict-${i}`, type: 'choice_probs', messages: [{ role: 'user', content }], assistant_prefix: '[[', labels: ['A', 'B', 'C'],
  })));
  assert.ok(expected[2].includes('باللهجة المطلوبة (مصري)'));

  assert.deepEqual(results.map((r) => r.outcome), ['first', 'tie']);
  assert.deepEqual([results[0].ab?.verdict, results[0].ba?.verdict], ['A', 'B']);
  assert.deepEqual(results[0].ab?.probs, { A: 0.7, B: 0.2, C: 0.1 }, 'the probabilities are kept for the report');
  assert.deepEqual(results[1].ba?.probs, { A: 0.2, B: 0.2, C: 0.6 });
  assert.deepEqual([counts.decisive, counts.tie, counts.unparsed, counts.requests], [1, 1, 0, 4]);
  assert.equal(progress.at(-1), 4);

  // Again: every verdict (with its probabilities) comes from the cache, and the trainer is not started.
  const again = planJudgeBatch(PAIRS, rubric, 'hash', judge, cache);
  assert.ok(again.every((t) => t.cached));
  const second = await runJudgeBatch(PAIRS, again, judge, cache, { concurrency: 4, signal });
  assert.equal(trainer.runs().length, 1);
  assert.deepEqual(second.results[0].ab?.probs, { A: 0.7, B: 0.2, C: 0.1 });
  assert.equal(second.counts.cached, 4);
});

test('the cache key names the model folder: a retrained model (new weights) is judged again', async () => {
  const dir = modelFolder();
  const trainer = trainerStandIn();
  const before = new LocalChatJudge({ modelDir: dir, python: trainer.python, runsDir: path.join(temp, 'runs-2') });
  assert.match(before.endpoint, /^local:[0-9a-f]{64}$/);
  writeFileSync(path.join(dir, 'model.safetensors'), 'retrained weights');
  const after = new LocalChatJudge({ modelDir: dir, python: trainer.python, runsDir: path.join(temp, 'runs-2') });
  assert.notEqual(after.endpoint, before.endpoint);
  assert.throws(() => new LocalChatJudge({ modelDir: temp, python: trainer.python, runsDir: temp }), (e: unknown) =>
    e instanceof JudgeRequestError && /not a Hugging Face model or adapter folder/.test(e.message));
});

test('--rationale: rationales are generated first (greedy, cut at "[["), then the verdict is read after each', async () => {
  const trainer = trainerStandIn();
  const judge = new LocalChatJudge({ modelDir: modelFolder(), python: trainer.python, runsDir: path.join(temp, 'runs-3'), rationaleTokens: 64 });
  const pairs = PAIRS.slice(0, 1);
  const { results } = await runJudgeBatch(pairs, planJudgeBatch(pairs, rubric, 'hash', judge), judge, undefined, { concurrency: 1, signal });
  const [rationales, verdicts] = trainer.runs();
  assert.deepEqual(rationales.requests.map((r) => [r.type, r.max_new_tokens, r.temperature, r.stop]), [['generate', 64, 0, ['[[']], ['generate', 64, 0, ['[[']]]);
  assert.deepEqual(verdicts.requests.map((r) => r.assistant_prefix), ['عينة 0 (seed 0)\n[[', 'عينة 0 (seed 0)\n[[']);
  assert.deepEqual(verdicts.requests.map((r) => r.messages), rationales.requests.map((r) => r.messages));
  assert.equal(results[0].outcome, 'first');
  assert.equal(results[0].ab?.rationale, 'عينة 0 (seed 0)');
  assert.equal(results[0].ab?.reply, 'عينة 0 (seed 0)\n[[A]]');
});

test('a request the trainer could not answer is unparsed with its reason, and not cached', async () => {
  const trainer = trainerStandIn();
  const judge = new LocalChatJudge({ modelDir: modelFolder(), python: trainer.python, runsDir: path.join(temp, 'runs-4') });
  const cache = new JudgeCache(path.join(temp, 'cache-4'));
  const pairs: JudgePair[] = [{ ...PAIRS[0], prompt: 'TOO-LONG سؤال طويل جدًا' }, PAIRS[1]];
  const { results, counts } = await runJudgeBatch(pairs, planJudgeBatch(pairs, rubric, 'hash', judge, cache), judge, cache, { concurrency: 1, signal });
  assert.equal(results[0].outcome, 'unparsed');
  assert.equal(results[0].ab?.verdict, undefined);
  assert.match(results[0].ab?.error ?? '', /longer than max_length/);
  assert.equal(results[1].outcome, 'tie');
  assert.equal(counts.unparsed, 1);
  const next = planJudgeBatch(pairs, rubric, 'hash', judge, cache);
  assert.deepEqual(next.map((t) => t.cached), [false, false, true, true], 'the failed ones are asked again next time');
});

test('a trainer without stage: eval is named as such; the batch fails as a request error', async () => {
  const trainer = trainerStandIn('old');
  const judge = new LocalChatJudge({ modelDir: modelFolder(), python: trainer.python, runsDir: path.join(temp, 'runs-5') });
  await assert.rejects(runJudgeBatch(PAIRS, planJudgeBatch(PAIRS, rubric, 'hash', judge), judge, undefined, { concurrency: 1, signal }),
    (e: unknown) => e instanceof JudgeRequestError && /has no `stage: eval`: update it/.test(e.message));
});

test('results → verdicts: the most probable label, the first on a tie; missing probabilities or an error give no verdict', () => {
  assert.equal(argmaxLabel({ A: 0.2, B: 0.5, C: 0.3 }, ['A', 'B', 'C']), 'B');
  assert.equal(argmaxLabel({ A: 0.4, B: 0.4, C: 0.2 }, ['A', 'B', 'C']), 'A');
  assert.equal(argmaxLabel({}, ['A', 'B', 'C']), undefined);
  assert.deepEqual(localVerdict({ id: 'v', type: 'choice_probs', probs: { A: 0.1, B: 0.1, C: 0.8 } }), { text: '[[C]]', probs: { A: 0.1, B: 0.1, C: 0.8 } });
  assert.deepEqual(localVerdict({ id: 'v', type: 'choice_probs', error: 'out of memory' }), { text: '', error: 'out of memory' });
  assert.match(localVerdict({ id: 'v', type: 'choice_probs' }).error ?? '', /no probabilities for A, B, C/);
  assert.match(localVerdict(undefined).error ?? '', /no result/);
  assert.deepEqual(verdictRequest('x', 'q', '  why  ').assistant_prefix, 'why\n[[');
  assert.equal(parseResultLine('{"id":"a","type":"generate","responses":["x"'), undefined, 'a torn last line is skipped');
  assert.deepEqual(parseResultLine('{"id":"a","type":"choice_probs","probs":{"A":0.5,"B":"x"},"prompt_tokens":7}'),
    { id: 'a', type: 'choice_probs', probs: { A: 0.5 }, promptTokens: 7 });
});
