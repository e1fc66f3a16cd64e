/**
 * Judges a batch of pairs in both orders: plan (render every rubric, look every reply up in the cache), then run
 * the requests the cache does not hold, at most `concurrency` at a time and at most `maxRequests` in all.
 * A request that fails for good stops the batch (the others are aborted); cancelling does too. Every reply that
 * came back is already in the cache, so running the batch again only pays for what is missing.
 */
import { combineVerdicts, JUDGE_ORDERS, slotsFor, type JudgeOrder, type PairOutcome } from '../../core/preferences/judgeOrder';
import type { JudgeCacheKeyParts } from '../../core/preferences/judgeCacheKey';
import type { JudgePair } from '../../core/preferences/judgePairs';
import type { Rubric } from '../../core/preferences/judgeRubric';
import { charCount } from '../../core/preferences/judgeEstimate';
import { parsePairwiseVerdict, type PairwiseVerdict } from '../../core/preferences/judgeVerdict';
import { JudgeCancelledError, type JudgeBackend, type JudgeUsage } from './judgeBackend';
import type { CachedReply, JudgeCache } from './judgeCache';

export interface JudgeTask {
  pairIndex: number;
  order: JudgeOrder;
  /** The rubric rendered for this pair and order (rendered again when sent, so a large batch is not held twice). */
  render: () => string;
  promptChars: number;
  key: JudgeCacheKeyParts;
  reply?: CachedReply;
  cached: boolean;
}

export interface JudgedOrder {
  order: JudgeOrder;
  verdict: PairwiseVerdict | undefined;
  rationale: string;
  reply: string;
  cached: boolean;
}

export interface JudgedPair {
  pair: JudgePair;
  ab?: JudgedOrder;
  ba?: JudgedOrder;
  /** `not-judged`: the request cap was reached before both orders were judged. */
  outcome: PairOutcome | 'not-judged';
}

export interface JudgeCounts {
  pairs: number;
  decisive: number;
  tie: number;
  inconsistent: number;
  unparsed: number;
  notJudged: number;
  /** Inconsistent pairs whose two replies named the same slot: the judge's position bias. */
  positionBias: { favouredA: number; favouredB: number };
  requests: number;
  cached: number;
  retries: number;
  tokens: { prompt: number; completion: number; total: number };
  /** Set when the batch stopped at --max-requests. */
  stoppedAtMaxRequests: boolean;
}

export interface JudgeBatchOptions {
  concurrency: number;
  maxRequests?: number;
  signal: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export function planJudgeBatch(pairs: readonly JudgePair[], rubric: Rubric, rubricHash: string, backend: JudgeBackend, cache?: JudgeCache): JudgeTask[] {
  return pairs.flatMap((pair, pairIndex) => JUDGE_ORDERS.map((order) => {
    const { a, b } = slotsFor(pair.first, pair.second, order);
    const key: JudgeCacheKeyParts = {
      endpoint: backend.endpoint, model: backend.model, rubricHash, prompt: pair.prompt, answerA: a, answerB: b,
      dialect: pair.dialect ?? '', order, sample: 0, params: backend.params,
    };
    const reply = cache?.get(key);
    const render = () => rubric.renderPairwise(pair.prompt, a, b, pair.dialect);
    return { pairIndex, order, render, promptChars: charCount(render()), key, reply, cached: reply !== undefined };
  }));
}

/** The requests a run of this plan would send under a cap. */
export function requestsToSend(tasks: readonly JudgeTask[], maxRequests?: number): JudgeTask[] {
  const uncached = tasks.filter((t) => !t.cached);
  return maxRequests === undefined ? uncached : uncached.slice(0, maxRequests);
}

export async function runJudgeBatch(pairs: readonly JudgePair[], tasks: JudgeTask[], backend: JudgeBackend, cache: JudgeCache | undefined, options: JudgeBatchOptions):
  Promise<{ results: JudgedPair[]; counts: JudgeCounts }> {
  const toSend = requestsToSend(tasks, options.maxRequests);
  const usage: JudgeUsage = { promptTokens: 0, completionTokens: 0 };
  let retries = 0;
  let done = 0;
  const inner = new AbortController();
  const onAbort = () => inner.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  let failure: unknown;
  let next = 0;
  const worker = async () => {
    while (next < toSend.length && !inner.signal.aborted) {
      const task = toSend[next++];
      try {
        const reply = await backend.complete(task.render(), inner.signal);
        retries += reply.retries;
        if (reply.usage) {
          usage.promptTokens += reply.usage.promptTokens;
          usage.completionTokens += reply.usage.completionTokens;
        }
        task.reply = { text: reply.text, ...(reply.usage ? { usage: reply.usage } : {}) };
        cache?.put(task.key, task.reply);
        options.onProgress?.(++done, toSend.length);
      } catch (error) {
        failure ??= error;
        inner.abort(error);
      }
    }
  };
  options.onProgress?.(0, toSend.length);
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, toSend.length)) }, worker));
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  if (options.signal.aborted) throw new JudgeCancelledError();
  if (failure) throw failure;
  const results = collect(pairs, tasks);
  return { results, counts: countResults(results, tasks, toSend.length, retries, usage, toSend.length < tasks.filter((t) => !t.cached).length) };
}

function judged(task: JudgeTask | undefined): JudgedOrder | undefined {
  if (!task?.reply) return undefined;
  const { verdict, rationale } = parsePairwiseVerdict(task.reply.text);
  return { order: task.order, verdict, rationale, reply: task.reply.text, cached: task.cached };
}

function collect(pairs: readonly JudgePair[], tasks: readonly JudgeTask[]): JudgedPair[] {
  return pairs.map((pair, i) => {
    // planJudgeBatch lays the tasks out as pair 0 (ab, ba), pair 1 (ab, ba), …
    const ab = judged(tasks[2 * i]);
    const ba = judged(tasks[2 * i + 1]);
    const outcome = ab && ba ? combineVerdicts(ab.verdict, ba.verdict) : 'not-judged';
    return { pair, ...(ab ? { ab } : {}), ...(ba ? { ba } : {}), outcome };
  });
}

function countResults(results: readonly JudgedPair[], tasks: readonly JudgeTask[], requests: number, retries: number, usage: JudgeUsage, capped: boolean): JudgeCounts {
  const count = (outcome: JudgedPair['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const sameSlot = (letter: PairwiseVerdict) => results.filter((r) => r.outcome === 'inconsistent' && r.ab?.verdict === letter && r.ba?.verdict === letter).length;
  return {
    pairs: results.length,
    decisive: count('first') + count('second'),
    tie: count('tie'),
    inconsistent: count('inconsistent'),
    unparsed: count('unparsed'),
    notJudged: count('not-judged'),
    positionBias: { favouredA: sameSlot('A'), favouredB: sameSlot('B') },
    requests,
    cached: tasks.filter((t) => t.cached).length,
    retries,
    tokens: { prompt: usage.promptTokens, completion: usage.completionTokens, total: usage.promptTokens + usage.completionTokens },
    stoppedAtMaxRequests: capped,
  };
}
