/**
 * What the judge batch needs from a backend: one chat completion for one rendered rubric. The OpenAI-compatible
 * HTTP client is one backend; the local Hugging Face judge (localChatJudge.ts) is the other, and answers a whole
 * batch at once (`completeAll`: one trainer process, one model load).
 */

export interface JudgeUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface JudgeReply {
  text: string;
  /** The server's `usage`, when it reports one. */
  usage?: JudgeUsage;
  /** Attempts retried before this reply (429, 5xx, timeouts, dropped connections). */
  retries: number;
  /** A local judge's verdict probabilities (A, B, C). */
  probs?: Record<string, number>;
  /** A local judge could not answer this one request (e.g. too long for the model): unparsed, and not cached. */
  error?: string;
}

export interface JudgeBackend {
  /** Identifies where replies come from, for the cache key (e.g. the base URL); never holds a secret. */
  readonly endpoint: string;
  readonly model: string;
  /** Generation settings that change the reply, part of the cache key. */
  readonly params: Record<string, number | string>;
  complete(prompt: string, signal: AbortSignal): Promise<JudgeReply>;
  /** A backend that answers many prompts at once more cheaply than one by one; the batch then uses this alone. */
  completeAll?(prompts: readonly string[], signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<JudgeReply[]>;
}

/** A request the server refused for good (bad key, unknown model, bad request) or that failed after every retry. */
export class JudgeRequestError extends Error {}

/** The batch was cancelled (AbortSignal); what was judged so far stays in the cache. */
export class JudgeCancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
