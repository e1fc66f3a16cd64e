/**
 * Min/max decimation of a run's metrics events, for charts of long runs. The metrics events, in order, are cut
 * into `buckets` runs of equal length; from each bucket the first and the last event are kept, and for every
 * metric the event with its smallest and the one with its largest value. So the charts span the first to the last
 * step and keep every spike, with at most buckets × (2 + 2 × metrics) events, whatever the run's length. The kept
 * events are real events, unchanged, in their original order.
 */
import type { MetricsEvent } from '../../protocol';

export interface IndexedEvent<E = MetricsEvent> {
  index: number;
  event: E;
}

export class MetricDecimator {
  private readonly perBucket: number;
  private bucket: IndexedEvent[] = [];
  private seen = 0;
  private readonly kept: IndexedEvent[] = [];

  /** `total`: how many metrics events will be given; `buckets`: how many pieces to keep extremes of. */
  constructor(total: number, buckets: number) {
    this.perBucket = Math.max(1, Math.ceil(total / Math.max(1, buckets)));
  }

  accept(index: number, event: MetricsEvent): void {
    this.bucket.push({ index, event });
    if (++this.seen % this.perBucket === 0) this.flush();
  }

  /** The kept events, in order (call once, after the last `accept`). */
  finish(): IndexedEvent[] {
    this.flush();
    return this.kept;
  }

  private flush(): void {
    const bucket = this.bucket;
    this.bucket = [];
    if (bucket.length === 0) return;
    const keep = new Set<number>([0, bucket.length - 1]);
    const extremes = new Map<string, { min: number; max: number }>();
    bucket.forEach(({ event }, i) => {
      for (const [key, value] of Object.entries(event.metrics)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        const at = extremes.get(key);
        if (!at) extremes.set(key, { min: i, max: i });
        else {
          if (value < (bucket[at.min].event.metrics[key] as number)) at.min = i;
          if (value > (bucket[at.max].event.metrics[key] as number)) at.max = i;
        }
      }
    });
    for (const { min, max } of extremes.values()) keep.add(min).add(max);
    for (const i of [...keep].sort((a, b) => a - b)) this.kept.push(bucket[i]);
  }
}
