/** The dataset panel's statistics as bar charts (Chart.js): length histograms, Arabic share, labels, problems. */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Title, Tooltip } from 'chart.js';
import type { DatasetStats, Histogram } from '../../protocol';
import type { DatasetPanelStrings } from './datasetPanelMessages';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Title, Tooltip);

const charts = new Map<HTMLCanvasElement, Chart<'bar'>>();

function histogramBars(h: Histogram, percent = false): { labels: string[]; values: number[] } {
  const edge = (v: number) => (percent ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100));
  return { labels: h.counts.map((_, i) => `${edge(h.edges[i])}–${edge(h.edges[i + 1])}`), values: h.counts };
}

function mapBars(map: Record<string, number>): { labels: string[]; values: number[] } {
  const entries = Object.entries(map).sort((a, b) => b[1] - a[1]);
  return { labels: entries.map(([k]) => k), values: entries.map(([, v]) => v) };
}

export function drawStats(stats: DatasetStats, strings: DatasetPanelStrings): void {
  const plots: Record<string, [string, { labels: string[]; values: number[] } | null]> = {
    characters: [strings.characters, histogramBars(stats.characters)],
    words: [strings.words, histogramBars(stats.words)],
    tokens: [strings.tokens, stats.tokens ? histogramBars(stats.tokens) : null],
    arabicShare: [strings.arabicShare, histogramBars(stats.arabicShare, true)],
    labels: [strings.labels, Object.keys(stats.labels).length ? mapBars(stats.labels) : null],
    problems: [strings.problems, Object.keys(stats.problemsByCode).length ? mapBars(stats.problemsByCode) : null],
  };
  const style = getComputedStyle(document.documentElement);
  const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const foreground = color('--vscode-foreground', '#888');
  const rtl = document.documentElement.dir === 'rtl';
  for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-stat]'))) {
    const [title, bars] = plots[canvas.dataset.stat ?? ''] ?? ['', null];
    charts.get(canvas)?.destroy();
    charts.delete(canvas);
    canvas.closest('figure')!.hidden = !bars;
    canvas.dataset.bars = String(bars?.values.length ?? 0);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', title);
    if (!bars) continue;
    charts.set(canvas, new Chart(canvas, {
      type: 'bar',
      data: { labels: bars.labels, datasets: [{ label: title, data: bars.values, backgroundColor: color('--vscode-charts-blue', '#3794ff') }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { title: { display: true, text: title, color: foreground }, tooltip: { rtl }, legend: { display: false } },
        scales: { x: { reverse: rtl, ticks: { color: foreground } }, y: { beginAtZero: true, position: rtl ? 'right' : 'left', ticks: { color: foreground, precision: 0 } } },
      },
    }));
  }
}
