/**
 * What the judge batch needs from a backend: one chat completion for one rendered rubric. The OpenAI-compatible
 * HTTP client is one backend; a local Hugging Face judge (a later slice) implements the same interface.
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
}

export interface JudgeBackend {
  /** Identifies where replies come from, for the cache key (e.g. the base URL); never holds a secret. */
  readonly endpoint: string;
  readonly model: string;
  /** Generation settings that change the reply, part of the cache key. */
  readonly params: Record<string, number | string>;
  complete(prompt: string, signal: AbortSignal): Promise<JudgeReply>;
}

/** A request the server refused for good (bad key, unknown model, bad request) or that failed after every retry. */
export class JudgeRequestError extends Error {}

/** The batch was cancelled (AbortSignal); what was judged so far stays in the cache. */
export class JudgeCancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
