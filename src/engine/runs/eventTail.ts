/**
 * Follows a growing JSON-lines file (a trainer's stdout redirected to events.jsonl) from a byte offset,
 * handing over each complete line as a parsed event. Polling keeps it simple and works on every
 * file system, network mounts included.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { TRAINER_EVENT_TYPES, type TrainerEvent } from '../../protocol';

/** The most bytes one read takes: a long run's events.jsonl is read in pieces, never whole. */
const CHUNK_BYTES = 1 << 20;

export class EventTail {
  private offset = 0;
  private pending = Buffer.alloc(0);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    /** `offset`: where the event's line starts in the file (the run's event index pages by it). */
    private readonly onEvent: (event: TrainerEvent, offset: number) => void,
    private readonly onNoise: (line: string) => void = () => {},
  ) {}

  /** Follow only what is written from now on (a resumed run: the earlier events are already known). */
  skipExisting(): this {
    this.offset = existsSync(this.file) ? statSync(this.file).size : 0;
    return this;
  }

  start(intervalMs = 150): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.poll();
  }

  /** Bytes of the file handed over as whole lines so far (a partial last line is not counted). */
  get consumed(): number {
    return this.offset - this.pending.length;
  }

  /** Reads whatever is new, a chunk at a time; returns the number of events delivered. */
  poll(): number {
    if (!existsSync(this.file)) return 0;
    const size = statSync(this.file).size;
    if (size <= this.offset) return 0;
    let delivered = 0;
    const fd = openSync(this.file, 'r');
    try {
      while (this.offset < size) {
        const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, size - this.offset));
        const read = readSync(fd, chunk, 0, chunk.length, this.offset);
        if (read <= 0) break;
        const base = this.offset - this.pending.length;
        this.offset += read;
        delivered += this.deliver(Buffer.concat([this.pending, chunk.subarray(0, read)]), base);
      }
    } finally {
      closeSync(fd);
    }
    return delivered;
  }

  /** Hands over every whole line of `data` (which starts at file offset `base`); keeps the rest pending. */
  private deliver(data: Buffer, base: number): number {
    let start = 0;
    let delivered = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      const lineStart = start;
      const line = data.subarray(start, nl).toString('utf8').trim();
      start = nl + 1;
      if (!line) continue;
      const event = parseEvent(line);
      if (event) {
        this.onEvent(event, base + lineStart);
        delivered++;
      } else this.onNoise(line);
    }
    this.pending = Buffer.from(data.subarray(start));
    return delivered;
  }
}

export function parseEvent(line: string): TrainerEvent | undefined {
  try {
    const value = JSON.parse(line);
    if (value && typeof value === 'object' && TRAINER_EVENT_TYPES.includes(value.type)) return value as TrainerEvent;
  } catch {
    // Not an event: a stray print from a library. Reported as noise.
  }
  return undefined;
}
