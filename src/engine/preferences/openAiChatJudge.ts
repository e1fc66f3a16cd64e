/**
 * The judge behind any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp, hosted APIs): the rubric
 * as one user message, temperature 0 by default, through the shared HTTP client (openAiChatClient.ts: per-attempt
 * timeouts, retries, the API key only in the Authorization header).
 */
import type { JudgeBackend, JudgeReply } from './judgeBackend';
import { OpenAiChatClient } from './openAiChatClient';
import type { RetryOptions } from './retryPolicy';

export interface OpenAiJudgeOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  maxTokens?: number;
  temperature?: number;
  retry?: Partial<RetryOptions>;
}

export class OpenAiChatJudge implements JudgeBackend {
  readonly endpoint: string;
  readonly model: string;
  readonly params: Record<string, number | string>;
  private readonly client: OpenAiChatClient;

  constructor(options: OpenAiJudgeOptions) {
    this.client = new OpenAiChatClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs: options.timeoutMs, retry: options.retry });
    this.endpoint = this.client.endpoint;
    this.model = options.model;
    this.params = { temperature: options.temperature ?? 0, max_tokens: options.maxTokens ?? 1024 };
  }

  async complete(prompt: string, signal: AbortSignal): Promise<JudgeReply> {
    const reply = await this.client.chat({ model: this.model, messages: [{ role: 'user', content: prompt }], ...this.params }, signal);
    return { text: reply.texts[0], retries: reply.retries, ...(reply.usage ? { usage: reply.usage } : {}) };
  }
}
