/**
 * Regular-expression matching off the engine's main thread. JavaScript cannot interrupt a regex that
 * backtracks catastrophically ((a+)+$ on a long line runs for ages), so each batch of lines runs in a worker
 * that is terminated when it exceeds its time budget; the search then fails with a clear message.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let regex;
parentPort.on('message', ({ pattern, flags, texts }) => {
  if (pattern !== undefined) regex = new RegExp(pattern, flags);
  const hits = [];
  for (let i = 0; i < texts.length; i++) if (regex.test(texts[i])) hits.push(i);
  parentPort.postMessage(hits);
});`;

export class RegexBudgetError extends Error {}

export class RegexMatcher {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private first = true;

  /** Throws a SyntaxError naming the problem when the pattern is not a valid regular expression. */
  constructor(private readonly pattern: string, private readonly flags = 'u', private readonly budgetMs = 2000) {
    try {
      new RegExp(pattern, flags);
    } catch (error) {
      void this.worker.terminate();
      throw new Error(`Invalid regular expression: ${(error as Error).message}`);
    }
    this.worker.unref();
  }

  /** Indexes (into `texts`) of the texts the pattern matches. */
  match(texts: string[], where: string): Promise<number[]> {
    const message = this.first ? { pattern: this.pattern, flags: this.flags, texts } : { texts };
    this.first = false;
    return new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void this.worker.terminate();
        reject(new RegexBudgetError(
          `The regular expression ran longer than ${this.budgetMs / 1000} s on ${where}: it probably backtracks ` +
          'catastrophically (nested quantifiers such as (a+)+ or (.*)*). Simplify it and search again.'));
      }, this.budgetMs);
      const onMessage = (hits: number[]) => {
        cleanup();
        resolve(hits);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage(message);
    });
  }

  dispose(): void {
    void this.worker.terminate();
  }
}
