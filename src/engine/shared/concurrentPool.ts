/**
 * Runs `work` over items, at most `concurrency` at a time, in order of the items. The first failure aborts the
 * rest (their signal aborts) and is returned, not thrown, so the caller can tell it apart from a cancellation
 * (`signal` aborted), which also stops the pool.
 */
export async function runConcurrently<T>(items: readonly T[], concurrency: number, signal: AbortSignal,
  work: (item: T, signal: AbortSignal) => Promise<void>): Promise<unknown> {
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  let failure: unknown;
  let next = 0;
  const worker = async () => {
    while (next < items.length && !inner.signal.aborted) {
      const item = items[next++];
      try {
        await work(item, inner.signal);
      } catch (error) {
        failure ??= error;
        inner.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return failure;
}
