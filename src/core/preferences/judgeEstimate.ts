/**
 * Token estimates before a batch, when the judge's tokenizer is unknown (a remote API): a guess of
 * characters / 2.5, about what BPE tokenizers with Arabic in their vocabulary give for Arabic text (English runs
 * nearer 4 characters a token, so English-heavy data is over-estimated). Always reported as a guess.
 */
export const CHARS_PER_TOKEN_GUESS = 2.5;

/** Characters as code points, so that an Arabic letter counts once whatever its UTF-16 length. */
export const charCount = (text: string) => [...text].length;

export function guessTokens(text: string): number {
  return Math.ceil(charCount(text) / CHARS_PER_TOKEN_GUESS);
}

export interface BatchEstimate {
  requests: number;
  promptTokens: number;
  /** Upper bound: every reply as long as max_tokens allows. */
  completionTokensAtMost: number;
  guess: true;
}

/** `promptChars`: each rendered prompt's length in characters (charCount). */
export function estimateBatch(promptChars: readonly number[], maxTokens: number): BatchEstimate {
  return {
    requests: promptChars.length,
    promptTokens: promptChars.reduce((sum, chars) => sum + Math.ceil(chars / CHARS_PER_TOKEN_GUESS), 0),
    completionTokensAtMost: promptChars.length * maxTokens,
    guess: true,
  };
}
