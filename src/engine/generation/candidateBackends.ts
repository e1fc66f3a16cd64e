/**
 * Where candidate responses come from: the trainer over a Hugging Face checkpoint or LoRA adapter (one
 * `stage: eval` run of `generate` requests with n = K for the whole file), or an OpenAI-compatible server
 * (chat completions with `n`, topped up by further requests when a server returns fewer choices than asked).
 */
import * as path from 'node:path';
import { candidateRequest, promptSeed, type CandidatePrompt, type SamplingSettings } from '../../core/generation/candidateRequests';
import { sha256 } from '../preferences/judgeCache';
import { OpenAiChatClient } from '../preferences/openAiChatClient';
import { runConcurrently } from '../shared/concurrentPool';
import { runTrainerRequests } from '../trainerRequests/runTrainerRequests';

/** One prompt's candidates, or why there are none. */
export type Candidates = { responses: string[] } | { error: string };

export interface CandidateBackend {
  generateAll(prompts: readonly CandidatePrompt[], settings: SamplingSettings, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<Candidates[]>;
}

export class TrainerCandidates implements CandidateBackend {
  /** `runsDir`: where the run folder goes (named by its requests; kept when the run does not finish, for resume). */
  constructor(private readonly modelDir: string, private readonly python: string, private readonly runsDir: string) {}

  async generateAll(prompts: readonly CandidatePrompt[], settings: SamplingSettings, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<Candidates[]> {
    const requests = prompts.map((p, i) => candidateRequest(`prompt-${i}`, p, settings));
    const runDir = path.join(this.runsDir, sha256(`${path.resolve(this.modelDir)}\n${requests.map((r) => JSON.stringify(r)).join('\n')}`).slice(0, 24));
    const results = await runTrainerRequests(requests, { python: this.python, model: this.modelDir, runDir, signal, onProgress: (d) => onProgress(d, prompts.length) });
    return requests.map((request) => {
      const result = results.get(request.id)!;
      if (result.error) return { error: result.error };
      return result.responses?.length === settings.candidates ? { responses: result.responses }
        : { error: `the trainer returned ${result.responses?.length ?? 0} responses, not ${settings.candidates}` };
    });
  }
}

export interface OpenAiCandidatesOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  concurrency: number;
  timeoutMs?: number;
  retries?: number;
}

export class OpenAiCandidates implements CandidateBackend {
  private readonly client: OpenAiChatClient;

  constructor(private readonly options: OpenAiCandidatesOptions) {
    this.client = new OpenAiChatClient({
      baseUrl: options.baseUrl, apiKey: options.apiKey, keyEnv: 'ALW_GENERATE_API_KEY', timeoutMs: options.timeoutMs,
      ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
    });
  }

  /** A request that fails for good (after retries) stops the batch: it throws JudgeRequestError. */
  async generateAll(prompts: readonly CandidatePrompt[], settings: SamplingSettings, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<Candidates[]> {
    const out: Candidates[] = prompts.map(() => ({ responses: [] }));
    let done = 0;
    const failure = await runConcurrently(prompts.map((p, i) => ({ p, i })), this.options.concurrency, signal, async ({ p, i }, inner) => {
      const responses: string[] = [];
      // A server that ignores `n` answers one choice a request: K rounds at most, each with its own seed.
      for (let round = 0; responses.length < settings.candidates && round < settings.candidates; round++) {
        const reply = await this.client.chat({
          model: this.options.model, messages: p.messages, n: settings.candidates - responses.length,
          temperature: settings.temperature, top_p: settings.topP, max_tokens: settings.maxNewTokens, seed: promptSeed(settings.seed, p.messages) + round,
        }, inner);
        responses.push(...reply.texts.slice(0, settings.candidates - responses.length));
      }
      out[i] = { responses };
      onProgress(++done, prompts.length);
    });
    if (failure) throw failure;
    return out;
  }
}
