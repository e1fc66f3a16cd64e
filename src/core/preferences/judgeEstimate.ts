/**
 * Token estimates before a batch, when the judge's tokenizer is unknown (a remote API): a guess of
 * characters / 2.5, about what BPE tokenizers with Arabic in their vocabulary give for Arabic text (English runs
 * nearer 4 characters a token, so English-heavy data is over-estimated). Always reported as a guess.
 */
export const CHARS_PER_TOKEN_GUESS = 2.5;

export function guessTokens(text: string): number {
  return Math.ceil([...text].length / CHARS_PER_TOKEN_GUESS);
}

export interface BatchEstimate {
  requests: number;
  promptTokens: number;
  /** Upper bound: every reply as long as max_tokens allows. */
  completionTokensAtMost: number;
  guess: true;
}

export function estimateBatch(renderedPrompts: readonly string[], maxTokens: number): BatchEstimate {
  return {
    requests: renderedPrompts.length,
    promptTokens: renderedPrompts.reduce((sum, p) => sum + guessTokens(p), 0),
    completionTokensAtMost: renderedPrompts.length * maxTokens,
    guess: true,
  };
}
