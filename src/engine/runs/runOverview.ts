/** The bounded view of a run the Run panel opens with, built in one streaming pass over its events.jsonl. */
import { MetricDecimator } from '../../core/runs/metricDecimation';
import type { RunInfo, RunOverview, TrainerEvent } from '../../protocol';
import type { EventLog } from './eventLog';

export const DEFAULT_BUCKETS = 500;
const MAX_BUCKETS = 2000;
/** The latest checkpoint, log and progress events kept (what the panel's log shows of a long run). */
const RECENT_EVENTS = 1000;
/** Kept whatever their number: they say how the run went (and a start tells the charts about a resume). */
const MILESTONES = new Set<TrainerEvent['type']>(['start', 'done', 'cancelled', 'error']);

export function buildOverview(run: RunInfo, log: EventLog, buckets = DEFAULT_BUCKETS): RunOverview {
  const metricsTotal = log.metricsCount;
  const decimator = new MetricDecimator(metricsTotal, Math.min(MAX_BUCKETS, Math.max(1, Math.floor(buckets))));
  const milestones: Array<{ index: number; event: TrainerEvent }> = [];
  const recent: Array<{ index: number; event: TrainerEvent }> = [];
  log.scan((event, index) => {
    if (event.type === 'metrics') decimator.accept(index, event);
    else if (MILESTONES.has(event.type)) milestones.push({ index, event });
    else {
      recent.push({ index, event });
      if (recent.length > 2 * RECENT_EVENTS) recent.splice(0, recent.length - RECENT_EVENTS);
    }
  });
  const metrics = decimator.finish();
  const events = [...milestones, ...recent.slice(-RECENT_EVENTS), ...metrics].sort((a, b) => a.index - b.index);
  return { run: { ...run }, events, next: log.count, metricsTotal, decimated: metrics.length < metricsTotal };
}
