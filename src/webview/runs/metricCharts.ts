/**
 * Live metric charts (Chart.js): one per chart section in the page, created when its first point arrives.
 * Events only update the data; drawing is batched (at most one redraw per chart every DRAW_DELAY_MS).
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import type { TrainerEvent } from '../../protocol';
import { CHART_SPECS, type ChartId, type ChartTitles } from './chartSpecs';
import { MetricSeries } from './metricSeries';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type Point = { x: number; y: number };
const DRAW_DELAY_MS = 100;
const PALETTE: Array<[string, string]> = [
  ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-orange', '#d18616'], ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-yellow', '#cca700'],
];

export interface ChartLabels {
  titles: ChartTitles;
  step: string;
}

export interface ChartOptions {
  /** The legend text of a series (a run id, or a pipeline stage); the chart title when empty. */
  seriesLabel?: (series: string) => string;
  /** A chart section is shown once this many series have points (2 when comparing runs). */
  minSeries?: number;
}

export class MetricCharts {
  private readonly data = new MetricSeries();
  private readonly charts = new Map<ChartId, Chart<'line', Point[]>>();
  private readonly dirty = new Set<ChartId>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @param root holds the sections written by chartSectionsHtml() */
  constructor(
    private readonly root: ParentNode,
    private readonly labels: ChartLabels,
    private readonly options: ChartOptions = {},
  ) {
    for (const { id } of CHART_SPECS) {
      const section = this.section(id);
      const title = section?.querySelector('.chart-title');
      if (title) title.textContent = labels.titles[id];
      const canvas = section?.querySelector('canvas');
      canvas?.setAttribute('role', 'img');
      canvas?.setAttribute('aria-label', labels.titles[id]);
    }
  }

  /** Takes one event of `run`; the charts it touches are redrawn a little later, together. */
  add(run: string, event: TrainerEvent): void {
    const changed = this.data.accept(run, event);
    if (changed.length === 0) return;
    changed.forEach((id) => this.dirty.add(id));
    this.timer ??= setTimeout(() => this.draw(), DRAW_DELAY_MS);
  }

  clear(): void {
    this.data.clear();
    for (const { id } of CHART_SPECS) this.dirty.add(id);
  }

  /** Redraws every chart with new points now. */
  draw(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of this.dirty) this.render(id);
    this.dirty.clear();
  }

  private render(id: ChartId): void {
    const section = this.section(id);
    const canvas = section?.querySelector('canvas');
    if (!section || !canvas) return;
    const series = this.data.of(id).filter(([, points]) => points.length > 0);
    if (series.length >= (this.options.minSeries ?? 1)) section.hidden = false;
    let chart = this.charts.get(id);
    if (!chart && series.length > 0) this.charts.set(id, (chart = this.create(canvas)));
    if (chart) {
      chart.data.datasets = series.map(([name, points], i) => this.dataset(id, name, points, i));
      chart.options.plugins!.legend!.display = series.length > 1;
      chart.update('none');
    }
    canvas.dataset.points = String(this.data.count(id));
  }

  private dataset(id: ChartId, name: string, points: Point[], index: number): ChartDataset<'line', Point[]> {
    const [variable, fallback] = PALETTE[index % PALETTE.length];
    const color = themeColor(variable, fallback);
    return {
      label: (this.options.seriesLabel?.(name) ?? name) || this.labels.titles[id], data: points,
      borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2, tension: 0.2,
    };
  }

  private create(canvas: HTMLCanvasElement): Chart<'line', Point[]> {
    const foreground = themeColor('--vscode-foreground', '#888');
    const grid = themeColor('--vscode-panel-border', 'rgba(128,128,128,0.3)');
    const rtl = document.documentElement.dir === 'rtl';
    return new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: { legend: { display: false, rtl, labels: { color: foreground } }, tooltip: { rtl } },
        scales: {
          x: { type: 'linear', reverse: rtl, title: { display: true, text: this.labels.step, color: foreground }, ticks: { color: foreground }, grid: { color: grid } },
          y: { type: 'linear', position: rtl ? 'right' : 'left', ticks: { color: foreground }, grid: { color: grid } },
        },
      },
    });
  }

  /** Whether any chart section is showing. */
  anyShown(): boolean {
    return CHART_SPECS.some(({ id }) => this.section(id)?.hidden === false);
  }

  private section(id: ChartId): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`.chart[data-chart="${id}"]`);
  }
}

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
