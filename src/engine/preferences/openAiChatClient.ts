/**
 * The HTTP side of any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp, hosted APIs), shared by
 * the judge and by candidate generation: POST {baseUrl}/chat/completions with the caller's body, every choice's
 * text and the `usage` back. Each attempt has its own timeout; 429, 5xx, timeouts and dropped connections are
 * retried (retryPolicy.ts). The API key goes only into the Authorization header: error messages are scrubbed of it.
 */
import { normalizeEndpoint } from '../../core/preferences/judgeCacheKey';
import { JudgeCancelledError, JudgeRequestError, type JudgeUsage } from './judgeBackend';
import { DEFAULT_RETRY, isRetryableStatus, retryDelayMs, sleep, type RetryOptions } from './retryPolicy';

export interface OpenAiClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** The environment variable the key comes from, named when the server refuses it. */
  keyEnv?: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
}

export interface ChatCompletion {
  /** `choices[i].message.content`, in the server's order; at least one. */
  texts: string[];
  usage?: JudgeUsage;
  /** Attempts retried before this reply. */
  retries: number;
}

class RetryableFailure extends Error {
  constructor(message: string, readonly retryAfter?: string | null) {
    super(message);
  }
}

export class OpenAiChatClient {
  readonly endpoint: string;
  private readonly url: string;
  private readonly apiKey: string | undefined;
  private readonly keyEnv: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;

  constructor(options: OpenAiClientOptions) {
    if (!/^https?:\/\//i.test(options.baseUrl)) throw new JudgeRequestError(`the server's base URL must start with http:// or https:// (got "${options.baseUrl}")`);
    this.endpoint = normalizeEndpoint(options.baseUrl);
    this.url = `${this.endpoint}/chat/completions`;
    this.apiKey = options.apiKey || undefined;
    this.keyEnv = options.keyEnv ?? 'ALW_JUDGE_API_KEY';
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Throws JudgeRequestError when the server refuses for good or fails after every retry, JudgeCancelledError on abort. */
  async chat(request: Record<string, unknown>, signal: AbortSignal): Promise<ChatCompletion> {
    const body = JSON.stringify(request);
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

  private async attempt(body: string, signal: AbortSignal): Promise<Omit<ChatCompletion, 'retries'>> {
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
    if (!response.ok) throw new JudgeRequestError(`${this.url}: HTTP ${response.status}${this.scrub(detail(text))}${response.status === 401 || response.status === 403 ? ` (check ${this.keyEnv})` : ''}`);
    return parseCompletion(text, this.url);
  }

  /** Servers sometimes echo the credentials they refused; never pass them on. */
  private scrub(message: string): string {
    return this.apiKey ? message.split(this.apiKey).join('***') : message;
  }
}

function parseCompletion(text: string, url: string): Omit<ChatCompletion, 'retries'> {
  let json: { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    throw new JudgeRequestError(`${url}: the reply is not JSON${detail(text)}`);
  }
  const choices = Array.isArray(json?.choices) ? json.choices : [];
  const texts = choices.map((c) => c?.message?.content);
  if (texts.length === 0 || texts.some((t) => typeof t !== 'string')) {
    throw new JudgeRequestError(`${url}: the reply has no choices[${Math.max(0, texts.findIndex((t) => typeof t !== 'string'))}].message.content${detail(text)}`);
  }
  const u = json.usage;
  const usage: JudgeUsage | undefined = u && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number'
    ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens }
    : undefined;
  return { texts: texts as string[], ...(usage ? { usage } : {}) };
}

function detail(text: string): string {
  const short = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return short ? `: ${short}` : '';
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
