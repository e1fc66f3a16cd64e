/**
 * A run's events.jsonl as an index, not a copy: the byte offset of every event line (8 bytes an event), so a run
 * with hundreds of thousands of events is paged from the file on demand instead of being kept in memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { TrainerEvent } from '../../protocol';
import { EventTail, parseEvent } from './eventTail';

/** The most events one page holds, whatever a client asks for. */
export const MAX_EVENT_PAGE = 2000;

export class EventLog {
  private offsets = new Float64Array(1024);
  private size = 0;
  private metrics = 0;
  private readonly tail: EventTail;

  /** `onNew` gets every event indexed by a poll, with its index (what notifications carry). */
  constructor(private readonly file: string, onNew: (event: TrainerEvent, index: number) => void = () => {}) {
    this.tail = new EventTail(file, (event, offset) => {
      if (this.size === this.offsets.length) {
        const grown = new Float64Array(this.offsets.length * 2);
        grown.set(this.offsets);
        this.offsets = grown;
      }
      this.offsets[this.size++] = offset;
      if (event.type === 'metrics') this.metrics++;
      onNew(event, this.size - 1);
    });
  }

  /** Number of events indexed so far. */
  get count(): number {
    return this.size;
  }

  /** Number of metrics events among them. */
  get metricsCount(): number {
    return this.metrics;
  }

  /** Indexes what was written since the last poll; returns how many events were new. */
  poll(): number {
    return this.tail.poll();
  }

  /** Events [since, since + limit) read back from the file (limit capped at MAX_EVENT_PAGE). */
  page(since: number, limit = MAX_EVENT_PAGE): TrainerEvent[] {
    const from = Math.max(0, Math.floor(since));
    const to = Math.min(this.size, from + Math.max(0, Math.min(MAX_EVENT_PAGE, Math.floor(limit))));
    const events: TrainerEvent[] = [];
    if (from >= to) return events;
    this.read(from, to, (event) => { events.push(event); });
    return events;
  }

  /** Calls `visit` with every event from `from` on, in order, reading the file in bounded pieces. */
  scan(visit: (event: TrainerEvent, index: number) => void, from = 0): void {
    for (let start = from; start < this.size; start += MAX_EVENT_PAGE) {
      const end = Math.min(this.size, start + MAX_EVENT_PAGE);
      let index = start;
      this.read(start, end, (event) => visit(event, index++));
    }
  }

  private read(from: number, to: number, visit: (event: TrainerEvent) => void): void {
    const begin = this.offsets[from];
    const end = to < this.size ? this.offsets[to] : this.tail.consumed;
    const bytes = Buffer.alloc(end - begin);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, bytes, 0, bytes.length, begin);
    } finally {
      closeSync(fd);
    }
    // Lines between two events that are not events (a library's print) are skipped, as the tail skipped them.
    for (const line of bytes.toString('utf8').split('\n')) {
      const event = line.trim() ? parseEvent(line) : undefined;
      if (event) visit(event);
    }
  }
}
