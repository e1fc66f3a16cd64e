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
      this.series(spec.id, series).push({ x: event.step, y });
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

  private series(chart: ChartId, series: string): Point[] {
    let bySeries = this.points.get(chart);
    if (!bySeries) this.points.set(chart, (bySeries = new Map()));
    let points = bySeries.get(series);
    if (!points) bySeries.set(series, (points = []));
    return points;
  }
}

function firstValue(spec: ChartSpec, metrics: Record<string, number>): number | undefined {
  for (const key of spec.keys) {
    const value = metrics[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}
