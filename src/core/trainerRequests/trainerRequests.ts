/**
 * The trainer's `stage: eval` contract (REQUESTS-FORMAT.md): request records the TS side writes into
 * requests.jsonl and the result records the trainer answers in results.jsonl. Only the request kinds this code
 * sends are typed in full; results are read defensively, since they come from another process.
 */

export interface ChatMessage {
  role: string;
  content: string;
}

interface RequestBase {
  id: string;
  messages: ChatMessage[];
  /**
   * Text appended verbatim after the chat-template rendering of `messages` (with the generation prompt), so the
   * model continues an assistant reply that has already begun — e.g. a verdict prefix ending in `[[`.
   * An addition to the contract (REQUESTS-FORMAT-ADDITIONS.md); omitted when empty.
   */
  assistant_prefix?: string;
}

export interface GenerateRequest extends RequestBase {
  type: 'generate';
  max_new_tokens: number;
  temperature?: number;
  top_p?: number;
  n?: number;
  seed?: number;
  stop?: string[];
}

export interface ChoiceProbsRequest extends RequestBase {
  type: 'choice_probs';
  labels: string[];
}

export type TrainerRequest = GenerateRequest | ChoiceProbsRequest;

/** One answered request. `error` is set (and no answer field) when the trainer could not answer it. */
export interface TrainerResult {
  id: string;
  type: string;
  error?: string;
  responses?: string[];
  tokens?: number[];
  probs?: Record<string, number>;
  promptTokens?: number;
  modelFingerprint?: string;
}

/** A results.jsonl line, or undefined when it is not a result object (a torn last line of a cancelled run). */
export function parseResultLine(line: string): TrainerResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string') return undefined;
  const result: TrainerResult = { id: r.id, type: typeof r.type === 'string' ? r.type : '' };
  if (typeof r.error === 'string') result.error = r.error;
  if (Array.isArray(r.responses)) result.responses = r.responses.map((x) => (typeof x === 'string' ? x : String(x)));
  if (Array.isArray(r.tokens)) result.tokens = r.tokens.filter((x): x is number => typeof x === 'number');
  if (r.probs && typeof r.probs === 'object' && !Array.isArray(r.probs)) {
    result.probs = Object.fromEntries(Object.entries(r.probs as Record<string, unknown>).filter(([, p]) => typeof p === 'number')) as Record<string, number>;
  }
  if (typeof r.prompt_tokens === 'number') result.promptTokens = r.prompt_tokens;
  if (typeof r.model_fingerprint === 'string') result.modelFingerprint = r.model_fingerprint;
  return result;
}

/** The label with the highest probability (the first one on a tie), or undefined when none has a number. */
export function argmaxLabel(probs: Record<string, number> | undefined, labels: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const label of labels) {
    const p = probs?.[label];
    if (typeof p !== 'number' || Number.isNaN(p)) continue;
    if (best === undefined || p > probs![best]) best = label;
  }
  return best;
}
