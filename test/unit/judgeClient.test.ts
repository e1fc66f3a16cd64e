/**
 * The judge client and batch runner against a stand-in chat-completions server (judgeStandIn.ts: the one test
 * double, an in-process node:http server on 127.0.0.1 standing for a remote OpenAI-compatible API).
 * Retry waits are kept tiny with Retry-After: 0 / 0.2 and small caps; nothing else is faked (real HTTP, real files).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { JudgePair } from '../../src/core/preferences/judgePairs';
import { Rubric } from '../../src/core/preferences/judgeRubric';
import { JudgeCancelledError, JudgeRequestError } from '../../src/engine/preferences/judgeBackend';
import { planJudgeBatch, runJudgeBatch } from '../../src/engine/preferences/judgeBatch';
import { JudgeCache } from '../../src/engine/preferences/judgeCache';
import { OpenAiChatJudge, type OpenAiJudgeOptions } from '../../src/engine/preferences/openAiChatJudge';
import { fairJudge, JudgeStandIn, startStandIn, slotAnswers, type StandInAnswer, type SeenRequest } from './judgeStandIn';

const root = path.resolve(__dirname, '../../..');
const rubric = new Rubric(readFileSync(path.join(root, 'rubrics/pairwise-ar.jinja'), 'utf8'), 'pairwise-ar.jinja');
const temp = mkdtempSync(path.join(tmpdir(), 'alw-judge-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const standIn = startStandIn;

const judgeFor = (server: JudgeStandIn, options: Partial<OpenAiJudgeOptions> = {}) =>
  new OpenAiChatJudge({ baseUrl: server.baseUrl, model: 'arabic-judge', retry: { retries: 3, baseDelayMs: 10, maxWaitMs: 1000 }, timeoutMs: 5000, ...options });

const pair = (line: number, first: string, second: string): JudgePair => ({ line, prompt: `سؤال ${line}`, first, second, firstIndex: 0, secondIndex: 1 });
const pairs = [pair(1, 'جواب ممتاز (9/10)', 'جواب ضعيف (2/10)'), pair(2, 'جواب ضعيف (3/10)', 'جواب جيد (8/10)'), pair(3, 'مثل (5/10)', 'مثل (5/10)')];

async function judgeAll(server: JudgeStandIn, batchPairs: JudgePair[], options: { cache?: JudgeCache; maxRequests?: number; signal?: AbortSignal; judge?: OpenAiChatJudge } = {}) {
  const judge = options.judge ?? judgeFor(server);
  const tasks = planJudgeBatch(batchPairs, rubric, 'rubric-hash', judge, options.cache);
  return runJudgeBatch(batchPairs, tasks, judge, options.cache, { concurrency: 3, maxRequests: options.maxRequests, signal: options.signal ?? new AbortController().signal });
}

test('every pair is judged in both orders; agreeing verdicts decide, ties tie; usage is summed', async () => {
  const server = await standIn(fairJudge);
  const { results, counts } = await judgeAll(server, pairs);
  assert.equal(server.requests.length, 6);
  // Each pair was shown once as (first, second) and once as (second, first).
  for (const p of pairs) {
    const shown = server.requests.map((r) => slotAnswers(r.prompt)).filter((s) => s.a === p.first || s.b === p.first);
    assert.deepEqual(shown.map((s) => [s.a, s.b]).sort(), [[p.first, p.second], [p.second, p.first]].sort());
  }
  assert.equal(server.requests[0].body.model, 'arabic-judge');
  assert.equal(server.requests[0].body.temperature, 0);
  assert.deepEqual(results.map((r) => r.outcome), ['first', 'second', 'tie']);
  assert.equal(results[0].ab?.verdict, 'A');
  assert.equal(results[0].ba?.verdict, 'B');
  assert.match(results[0].ab!.rationale, /أدق وأوضح/);
  assert.deepEqual({ ...counts, positionBias: undefined }, {
    pairs: 3, decisive: 2, tie: 1, inconsistent: 0, unparsed: 0, notJudged: 0, positionBias: undefined, requests: 6, cached: 0, retries: 0,
    tokens: { prompt: 600, completion: 120, total: 720 }, stoppedAtMaxRequests: false,
  });
});

test('a judge that always says A is inconsistent on every pair, reported as position bias', async () => {
  const server = await standIn(() => ({ reply: 'الأولى أفضل.\n[[A]]' }));
  const { results, counts } = await judgeAll(server, pairs);
  assert.deepEqual(results.map((r) => r.outcome), ['inconsistent', 'inconsistent', 'inconsistent']);
  assert.equal(counts.decisive, 0);
  assert.deepEqual(counts.positionBias, { favouredA: 3, favouredB: 0 });
});

test('malformed replies are unparsed (counted and kept, not guessed); a reply without content fails the request', async () => {
  const server = await standIn((r) => ({ reply: r.n % 2 === 0 ? 'I think A is better overall.' : 'reason\n[[B]]' }));
  const { results, counts } = await judgeAll(server, [pairs[0]]);
  assert.equal(counts.unparsed, 1);
  assert.equal(results[0].outcome, 'unparsed');
  assert.equal([results[0].ab, results[0].ba].find((o) => o?.verdict === undefined)?.reply, 'I think A is better overall.');

  const empty = await standIn(() => ({ status: 200, body: '{"choices":[]}' }));
  await assert.rejects(judgeAll(empty, [pairs[0]]), (e: unknown) => e instanceof JudgeRequestError && /no choices\[0\]\.message\.content/.test(e.message));
});

test('429 with Retry-After is retried after the wait it asks for, not the back-off', async () => {
  const server = await standIn((r) => (r.n === 0 ? { status: 429, headers: { 'retry-after': '0.2' }, body: '{"error":"rate limited"}' } : fairJudge(r)));
  // The back-off alone would wait 30 s (and the test would time out); Retry-After asks for 0.2 s.
  const judge = judgeFor(server, { retry: { retries: 2, baseDelayMs: 30_000, maxWaitMs: 60_000 } });
  const started = Date.now();
  const reply = await judge.complete('prompt', new AbortController().signal);
  assert.equal(reply.retries, 1);
  assert.equal(server.requests.length, 2);
  assert.ok(server.requests[1].at - server.requests[0].at >= 150, 'the retry waited for Retry-After');
  assert.ok(Date.now() - started < 5000);
});

test('500 then success is one retry; a 5xx on every attempt gives up with the status', async () => {
  const server = await standIn((r) => (r.n === 0 ? { status: 500 } : fairJudge(r)));
  const { counts } = await judgeAll(server, [pairs[0]], { judge: judgeFor(server, { retry: { retries: 2, baseDelayMs: 1, maxWaitMs: 10 } }) });
  assert.equal(counts.retries, 1);
  assert.equal(counts.decisive, 1);

  const down = await standIn(() => ({ status: 503, headers: { 'retry-after': '0' } }));
  await assert.rejects(judgeFor(down, { retry: { retries: 2, baseDelayMs: 1, maxWaitMs: 10 } }).complete('p', new AbortController().signal),
    (e: unknown) => e instanceof JudgeRequestError && /HTTP 503.*gave up after 3 attempts/.test(e.message));
  assert.equal(down.requests.length, 3);
});

test('an attempt that gets no reply times out and is retried; one that never answers gives up', async () => {
  const server = await standIn((r) => (r.n === 0 ? 'hang' : fairJudge(r)));
  const reply = await judgeFor(server, { timeoutMs: 200 }).complete('p', new AbortController().signal);
  assert.equal(reply.retries, 1);
  const hung = await standIn(() => 'hang');
  await assert.rejects(judgeFor(hung, { timeoutMs: 100, retry: { retries: 1, baseDelayMs: 1, maxWaitMs: 10 } }).complete('p', new AbortController().signal),
    /no reply within 0\.1 s \(gave up after 2 attempts\)/);
});

test('a refused request (401) fails at once, and the key the server echoes is not in the message', async () => {
  const server = await standIn((r) => ({ status: 401, body: `{"error":"bad key ${r.headers.authorization}"}` }));
  const judge = judgeFor(server, { apiKey: 'sk-test-SECRET-123' });
  await assert.rejects(judge.complete('p', new AbortController().signal), (e: unknown) => {
    assert.ok(e instanceof JudgeRequestError);
    assert.match(e.message, /HTTP 401.*check ALW_JUDGE_API_KEY/);
    assert.ok(!e.message.includes('SECRET'), e.message);
    return true;
  });
  assert.equal(server.requests.length, 1);
  assert.equal(server.requests[0].headers.authorization, 'Bearer sk-test-SECRET-123');
});

test('concurrency is a limit; cancel: aborting stops the batch at once, even mid-request', async () => {
  const server = await standIn(() => 'hang');
  const controller = new AbortController();
  const running = judgeAll(server, pairs, { signal: controller.signal });
  while (server.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(server.requests.length, 3, 'no more than --concurrency requests at once');
  controller.abort();
  await assert.rejects(running, JudgeCancelledError);
  assert.equal(server.requests.length, 3); // concurrency 3: nothing new started after the abort
  const before = AbortSignal.abort();
  await assert.rejects(judgeAll(server, pairs, { signal: before }), JudgeCancelledError);
  assert.equal(server.requests.length, 3, 'an already cancelled batch sends nothing');
});

test('the cache: a second run makes no request and gives the same verdicts; entries hold no key', async () => {
  const server = await standIn(fairJudge);
  const cache = new JudgeCache(path.join(temp, 'cache'));
  const judge = judgeFor(server, { apiKey: 'sk-cache-SECRET' });
  const first = await judgeAll(server, pairs, { cache, judge });
  assert.equal(server.requests.length, 6);
  const second = await judgeAll(server, pairs, { cache, judge });
  assert.equal(server.requests.length, 6, 'the second run sent nothing');
  assert.equal(second.counts.requests, 0);
  assert.equal(second.counts.cached, 6);
  assert.deepEqual(second.results.map((r) => r.outcome), first.results.map((r) => r.outcome));
  const files = readdirSync(cache.dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 6);
  for (const f of files) assert.ok(!readFileSync(path.join(cache.dir, f), 'utf8').includes('SECRET'));
  // Another model is another key: nothing is reused across judges.
  await judgeAll(server, [pairs[0]], { cache, judge: judgeFor(server, { model: 'other-judge' }) });
  assert.equal(server.requests.length, 8);
});

test('--max-requests stops the batch cleanly: the cap is never exceeded and unfinished pairs are not judged', async () => {
  const server = await standIn(fairJudge);
  const cache = new JudgeCache(path.join(temp, 'cap-cache'));
  const capped = await judgeAll(server, pairs, { cache, maxRequests: 3 });
  assert.equal(server.requests.length, 3);
  assert.equal(capped.counts.requests, 3);
  assert.equal(capped.counts.stoppedAtMaxRequests, true);
  assert.deepEqual(capped.results.map((r) => r.outcome), ['first', 'not-judged', 'not-judged']);
  // Resuming pays only for the 3 missing replies.
  const rest = await judgeAll(server, pairs, { cache });
  assert.equal(server.requests.length, 6);
  assert.equal(rest.counts.cached, 3);
  assert.deepEqual(rest.results.map((r) => r.outcome), ['first', 'second', 'tie']);
});
