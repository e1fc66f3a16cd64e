/**
 * Candidate generation for AI feedback: K sampled responses per prompt, written as a `ranked` record
 * (`prompt` + `responses`) for `alw judge`. A prompt record is what an RLAIF run takes as a prompt
 * (trainer/alw_trainer/rlaif_prompts.py): a `prompt` (text, or chat turns), an open question's `query`, an
 * `instruction` (+ a blank line and `input`, after an optional `system`), or an SFT `messages` conversation (its
 * turns up to the last assistant reply, which is left out).
 */
import type { ChatMessage, GenerateRequest } from '../trainerRequests/trainerRequests';

export interface SamplingSettings {
  candidates: number;
  temperature: number;
  topP: number;
  maxNewTokens: number;
  seed: number;
}

export interface CandidatePrompt {
  /** 1-based line of the record in the input. */
  line: number;
  messages: ChatMessage[];
  /** The record's prompt as it was (text or turns), for the ranked record. */
  prompt: unknown;
  dialect?: string;
}

function chatTurns(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const turns = value.filter((t): t is { role: string; content: string } =>
    !!t && typeof t === 'object' && typeof (t as { role?: unknown }).role === 'string' && typeof (t as { content?: unknown }).content === 'string');
  return turns.length === value.length ? turns.map((t) => ({ role: t.role, content: t.content })) : undefined;
}

export function candidatePromptOf(record: Record<string, unknown>, line: number): CandidatePrompt | { problem: string } {
  const dialect = typeof record.dialect === 'string' && record.dialect.trim() ? { dialect: record.dialect.trim() } : {};
  if (typeof record.prompt === 'string') {
    if (!record.prompt.trim()) return { problem: '`prompt` is empty' };
    return { line, messages: [{ role: 'user', content: record.prompt }], prompt: record.prompt, ...dialect };
  }
  for (const name of ['query', 'instruction'] as const) {
    if (!(name in record) || 'prompt' in record) continue;
    const text = record[name];
    if (typeof text !== 'string' || !text.trim()) return { problem: `\`${name}\` is empty or not a string` };
    const content = name === 'instruction' && typeof record.input === 'string' && record.input.trim() ? `${text}\n\n${record.input}` : text;
    const system = typeof record.system === 'string' && record.system.trim() ? [{ role: 'system', content: record.system }] : [];
    return { line, messages: [...system, { role: 'user', content }], prompt: content, ...dialect };
  }
  const source = 'prompt' in record ? record.prompt : record.messages;
  const turns = chatTurns(source);
  if (!turns) return { problem: 'needs a `prompt` (text or chat turns with role and content), a `query`, an `instruction` or `messages`' };
  const lastAssistant = turns.map((t) => t.role).lastIndexOf('assistant');
  const context = 'prompt' in record || lastAssistant < 0 ? turns : turns.slice(0, lastAssistant);
  if (!context.some((t) => t.role === 'user' && t.content.trim())) return { problem: 'no user turn to answer' };
  return { line, messages: context, prompt: context, ...dialect };
}

/**
 * The seed one prompt is sampled with: `--seed` mixed with a hash of the prompt's turns (FNV-1a). The trainer
 * seeds each request on its own, so one seed for every prompt would give every prompt the same random draws —
 * with a weak model, the same candidates for different prompts. Depending on the prompt, not its line, keeps a
 * prompt's candidates the same when the file is reordered or grows.
 */
export function promptSeed(seed: number, messages: readonly ChatMessage[]): number {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(messages)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash + seed) % 2 ** 31;
}

export function candidateRequest(id: string, prompt: CandidatePrompt, settings: SamplingSettings): GenerateRequest {
  return {
    id, type: 'generate', messages: prompt.messages, max_new_tokens: settings.maxNewTokens,
    temperature: settings.temperature, top_p: settings.topP, n: settings.candidates, seed: promptSeed(settings.seed, prompt.messages),
  };
}

export function rankedRecord(prompt: CandidatePrompt, responses: readonly string[]): Record<string, unknown> {
  return { prompt: prompt.prompt, responses: [...responses], ...(prompt.dialect ? { dialect: prompt.dialect } : {}) };
}
