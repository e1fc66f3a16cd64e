/**
 * When to retry a judge request and how long to wait: 429 and 5xx are retried with exponential back-off, and a
 * `Retry-After` header (seconds or an HTTP date) is honoured in place of the back-off, up to `maxWaitMs`.
 */

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** The first back-off; each further retry doubles it. */
  baseDelayMs: number;
  /** No wait is longer than this, Retry-After included. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 5, baseDelayMs: 1000, maxWaitMs: 60_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Milliseconds to wait before retry number `retry` (0-based); `retryAfter` is the header's value, if any. */
export function retryDelayMs(retry: number, retryAfter: string | null | undefined, options: RetryOptions, now = Date.now()): number {
  const fromHeader = parseRetryAfter(retryAfter, now);
  const backoff = options.baseDelayMs * 2 ** retry;
  return Math.max(0, Math.min(fromHeader ?? backoff, options.maxWaitMs));
}

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
