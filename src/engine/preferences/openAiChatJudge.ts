/**
 * The judge behind any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp, hosted APIs):
 * POST {baseUrl}/chat/completions with the rubric as one user message, temperature 0 by default.
 * Each attempt has its own timeout; 429, 5xx, timeouts and dropped connections are retried (retryPolicy.ts).
 * The API key goes only into the Authorization header: error messages are scrubbed of it.
 */
import { normalizeEndpoint } from '../../core/preferences/judgeCacheKey';
import { JudgeCancelledError, JudgeRequestError, type JudgeBackend, type JudgeReply, type JudgeUsage } from './judgeBackend';
import { DEFAULT_RETRY, isRetryableStatus, retryDelayMs, sleep, type RetryOptions } from './retryPolicy';

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

class RetryableFailure extends Error {
  constructor(message: string, readonly retryAfter?: string | null) {
    super(message);
  }
}

export class OpenAiChatJudge implements JudgeBackend {
  readonly endpoint: string;
  readonly model: string;
  readonly params: Record<string, number | string>;
  private readonly url: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;

  constructor(options: OpenAiJudgeOptions) {
    if (!/^https?:\/\//i.test(options.baseUrl)) throw new JudgeRequestError(`the judge's base URL must start with http:// or https:// (got "${options.baseUrl}")`);
    this.endpoint = normalizeEndpoint(options.baseUrl);
    this.url = `${this.endpoint}/chat/completions`;
    this.model = options.model;
    this.apiKey = options.apiKey || undefined;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.params = { temperature: options.temperature ?? 0, max_tokens: options.maxTokens ?? 1024 };
  }

  async complete(prompt: string, signal: AbortSignal): Promise<JudgeReply> {
    const body = JSON.stringify({ model: this.model, messages: [{ role: 'user', content: prompt }], ...this.params });
    for (let attempt = 0; ; attempt++) {
      try {
        return { ...(await this.attempt(body, signal)), retries: attempt };
      } catch (error) {
        if (signal.aborted) throw new JudgeCancelledError();
        if (!(error instanceof RetryableFailure)) throw error;
        if (attempt >= this.retry.retries) throw new JudgeRequestError(`${this.url}: ${this.scrub(error.message)} (gave up after ${attempt + 1} attempts)`);
        try {
          await sleep(retryDelayMs(attempt, error.retryAfter, this.retry), signal);
        } catch {
          throw new JudgeCancelledError();
        }
      }
    }
  }

  private async attempt(body: string, signal: AbortSignal): Promise<Omit<JudgeReply, 'retries'>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
      response = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.any([signal, timeout]) });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw error;
      if (timeout.aborted) throw new RetryableFailure(`no reply within ${this.timeoutMs / 1000} s`);
      throw new RetryableFailure(`request failed: ${causeOf(error)}`);
    }
    if (isRetryableStatus(response.status)) throw new RetryableFailure(`HTTP ${response.status}${detail(text)}`, response.headers.get('retry-after'));
    if (!response.ok) throw new JudgeRequestError(`${this.url}: HTTP ${response.status}${this.scrub(detail(text))}${response.status === 401 || response.status === 403 ? ' (check ALW_JUDGE_API_KEY)' : ''}`);
    return parseCompletion(text, this.url);
  }

  /** Servers sometimes echo the credentials they refused; never pass them on. */
  private scrub(message: string): string {
    return this.apiKey ? message.split(this.apiKey).join('***') : message;
  }
}

function parseCompletion(text: string, url: string): Omit<JudgeReply, 'retries'> {
  let json: { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    throw new JudgeRequestError(`${url}: the reply is not JSON${detail(text)}`);
  }
  const content = json?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new JudgeRequestError(`${url}: the reply has no choices[0].message.content${detail(text)}`);
  const u = json.usage;
  const usage: JudgeUsage | undefined = u && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number'
    ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens }
    : undefined;
  return { text: content, ...(usage ? { usage } : {}) };
}

function detail(text: string): string {
  const short = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return short ? `: ${short}` : '';
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
