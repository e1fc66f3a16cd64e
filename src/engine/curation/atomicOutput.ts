/**
 * Streaming outputs that appear all at once or not at all: lines go to a temporary file beside each
 * target, renamed over the targets only when the whole operation succeeded, and removed otherwise
 * (cancel or error), so readers never see half a file and a cancelled operation leaves nothing behind; the
 * temporary files of a run that was killed are removed by the next run into the same target.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { removeStaleTemps } from '../shared/atomicWrite';
import { outputWriteError } from '../shared/writeFailure';

export class AtomicOutput {
  readonly temp: string;
  private readonly stream: WriteStream;
  lines = 0;
  private failure: Error | undefined;

  /** The stream's error, if writing failed. */
  get failed(): Error | undefined {
    return this.failure;
  }

  constructor(readonly target: string) {
    removeStaleTemps(target); // what a killed run into the same target left
    this.temp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.stream = createWriteStream(this.temp);
    this.stream.on('error', (error) => { this.failure = error; });
  }

  /** Writes one JSONL line (the newline is added). */
  async writeLine(data: Buffer | string): Promise<void> {
    if (this.failure) throw this.failure;
    this.lines++;
    this.stream.write(data);
    if (!this.stream.write('\n')) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
  }

  /** Removes the temporary file, once the stream has closed (it may still be opening the file). */
  async discard(): Promise<void> {
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close').catch(() => {});
      this.stream.destroy();
      await closed;
    }
    rmSync(this.temp, { force: true });
  }
}

/**
 * Runs `body` with one AtomicOutput per target; on success every target is replaced at once, on any error
 * (CancelledError included) every temporary file is removed and the targets are left as they were.
 */
export async function writeAtomically<T>(targets: readonly string[], body: (outputs: AtomicOutput[]) => Promise<T>): Promise<T> {
  const outputs = targets.map((t) => new AtomicOutput(t));
  try {
    const result = await body(outputs);
    await Promise.all(outputs.map((o) => o.close()));
    for (const output of outputs) renameSync(output.temp, output.target);
    return result;
  } catch (error) {
    await Promise.all(outputs.map((o) => o.discard()));
    throw outputWriteError(error, outputs.find((o) => o.failed === error)?.target ?? targets[0]);
  }
}
