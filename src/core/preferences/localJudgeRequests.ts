/**
 * A local judge (a Hugging Face chat model run by the trainer) gives its verdict as next-token probabilities:
 * the rendered rubric is the one user message, the assistant's reply is opened with the rubric's verdict prefix
 * `[[`, and the probabilities of A, B and C are read there (AlpacaEval-2-style), so even a small model always
 * names a verdict — the most probable label. With a rationale, the rationale is generated first (greedy, cut at
 * `[[`) and the verdict is read after it, so the verdict follows the reasoning the report shows.
 */
import { argmaxLabel, type ChoiceProbsRequest, type GenerateRequest, type TrainerResult } from '../trainerRequests/trainerRequests';

export const VERDICT_LABELS = ['A', 'B', 'C'] as const;
/** What the rubric asks the verdict to start with: `[[A]]`, `[[B]]`, `[[C]]`. */
export const VERDICT_PREFIX = '[[';

const userTurn = (rubricPrompt: string) => [{ role: 'user', content: rubricPrompt }];

export function rationaleRequest(id: string, rubricPrompt: string, maxNewTokens: number): GenerateRequest {
  return { id, type: 'generate', messages: userTurn(rubricPrompt), max_new_tokens: maxNewTokens, temperature: 0, stop: [VERDICT_PREFIX] };
}

/** `rationale`: the generated reasoning the verdict follows, or undefined for a verdict straight away. */
export function verdictRequest(id: string, rubricPrompt: string, rationale?: string): ChoiceProbsRequest {
  const opening = rationale?.trim() ? `${rationale.trim()}\n${VERDICT_PREFIX}` : VERDICT_PREFIX;
  return { id, type: 'choice_probs', messages: userTurn(rubricPrompt), assistant_prefix: opening, labels: [...VERDICT_LABELS] };
}

export interface LocalVerdict {
  /** The reply as a remote judge would write it (rationale, then the verdict line), so one parser reads both;
   * '' when the trainer gave no verdict (then the reply is unparsed). */
  text: string;
  probs?: Record<string, number>;
  error?: string;
}

export function localVerdict(result: TrainerResult | undefined, rationale = ''): LocalVerdict {
  if (!result) return { text: '', error: 'no result from the trainer' };
  if (result.error) return { text: '', error: result.error };
  const label = argmaxLabel(result.probs, VERDICT_LABELS);
  if (!label) return { text: '', error: `no probabilities for ${VERDICT_LABELS.join(', ')} in the result`, ...(result.probs ? { probs: result.probs } : {}) };
  const verdictLine = `${VERDICT_PREFIX}${label}]]`;
  return { text: rationale.trim() ? `${rationale.trim()}\n${verdictLine}` : verdictLine, probs: result.probs };
}
