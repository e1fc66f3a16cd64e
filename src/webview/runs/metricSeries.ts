/**
 * The points of every chart, per series, built from trainer events. Pure (no DOM, no Chart.js) so it can be
 * tested on its own. A series is one run (or one stage of a pipeline run); its name is what the legend shows.
 */
import { checkpointStep } from '../../core/runs/runStates';
import type { MetricsEvent, StartEvent, TrainerEvent } from '../../protocol';
import { CHART_SPECS, type ChartId, type ChartSpec } from './chartSpecs';

export interface Point {
  x: number;
  y: number;
}

/** The most points one series keeps: past it, neighbours are merged keeping each group's lowest and highest. */
export const MAX_SERIES_POINTS = 4000;

interface TokenSample {
  time: number;
  tokens: number;
}

export class MetricSeries {
  private readonly points = new Map<ChartId, Map<string, Point[]>>();
  /** Run → the series its events go to now (changes when a pipeline moves to its next stage). */
  private readonly current = new Map<string, string>();
  private readonly lastTokens = new Map<string, TokenSample>();

  /** Takes one event of `run`; returns the charts whose points changed. */
  accept(run: string, event: TrainerEvent): ChartId[] {
    if (event.type === 'start') return this.restart(run, event);
    if (event.type !== 'metrics') return [];
    const series = this.current.get(run) ?? run;
    const changed: ChartId[] = [];
    for (const spec of CHART_SPECS) {
      const y = spec.derived === 'tokensPerSecond' ? this.tokenRate(series, event) : firstValue(spec, event.metrics);
      if (y === undefined) continue;
      const points = this.series(spec.id, series);
      points.push({ x: event.step, y });
      if (points.length > MAX_SERIES_POINTS) this.series(spec.id, series, compact(points));
      changed.push(spec.id);
    }
    return changed;
  }

  /** [series name, points] of one chart, in the order the series appeared. */
  of(chart: ChartId): Array<[string, Point[]]> {
    return [...(this.points.get(chart) ?? new Map<string, Point[]>()).entries()];
  }

  /** Number of points of one chart, over all its series. */
  count(chart: ChartId): number {
    return this.of(chart).reduce((sum, [, points]) => sum + points.length, 0);
  }

  clear(): void {
    this.points.clear();
    this.current.clear();
    this.lastTokens.clear();
  }

  /**
   * A (re)start: a pipeline stage gets its own series; a resume drops the points after the checkpoint it resumed
   * from, because those steps are trained again. Returns the charts that lost points.
   */
  private restart(run: string, event: StartEvent): ChartId[] {
    const series = event.pipeline_stage ? `${run} · ${event.pipeline_stage}` : run;
    this.current.set(run, series);
    this.lastTokens.delete(series);
    const from = checkpointStep(event.resumed_from);
    if (from === undefined) return [];
    const changed: ChartId[] = [];
    for (const [chart, bySeries] of this.points) {
      const points = bySeries.get(series);
      if (!points) continue;
      const kept = points.filter((p) => p.x <= from);
      if (kept.length === points.length) continue;
      bySeries.set(series, kept);
      changed.push(chart);
    }
    return changed;
  }

  /** Tokens per second between this metrics event and the previous one of the series that counted tokens. */
  private tokenRate(series: string, event: MetricsEvent): number | undefined {
    const tokens = event.metrics.num_tokens;
    if (typeof tokens !== 'number' || !Number.isFinite(tokens)) return undefined;
    const last = this.lastTokens.get(series);
    this.lastTokens.set(series, { time: event.time, tokens });
    if (!last) return undefined;
    const seconds = event.time - last.time;
    const counted = tokens - last.tokens;
    return seconds > 0 && counted > 0 ? counted / seconds : undefined;
  }

  private series(chart: ChartId, series: string, replace?: Point[]): Point[] {
    let bySeries = this.points.get(chart);
    if (!bySeries) this.points.set(chart, (bySeries = new Map()));
    if (replace) bySeries.set(series, replace);
    let points = bySeries.get(series);
    if (!points) bySeries.set(series, (points = []));
    return points;
  }
}

/**
 * Halves a live series that grew past its bound (a panel left open on a long run): every group of 4 neighbours
 * keeps its lowest and highest point, in step order, so spikes survive; the first and the last point stay.
 */
function compact(points: Point[]): Point[] {
  const kept: Point[] = [points[0]];
  for (let i = 1; i < points.length - 1; i += 4) {
    const group = points.slice(i, Math.min(i + 4, points.length - 1));
    let low = group[0];
    let high = group[0];
    for (const p of group) {
      if (p.y < low.y) low = p;
      if (p.y > high.y) high = p;
    }
    if (low === high) kept.push(low);
    else kept.push(...(low.x <= high.x ? [low, high] : [high, low]));
  }
  kept.push(points[points.length - 1]);
  return kept;
}

function firstValue(spec: ChartSpec, metrics: Record<string, number>): number | undefined {
  for (const key of spec.keys) {
    const value = metrics[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}
