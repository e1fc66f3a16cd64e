/** Collects items and hands them over together, at most once every `delayMs` (keeps webviews off the hot path). */
export class Batcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: (items: T[]) => void, private readonly delayMs = 100) {}

  push(item: T): void {
    this.items.push(item);
    this.schedule();
  }

  /** Sends at the next turn even if nothing new was pushed (the receiver wants the latest state). */
  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.items;
    this.items = [];
    this.send(items);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }
}
