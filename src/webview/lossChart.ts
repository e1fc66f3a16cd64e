/** The live loss chart (Chart.js), with the learning rate on a second axis when the trainer reports it. */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type Point = { x: number; y: number };

export class LossChart {
  private readonly chart: Chart<'line', Point[]>;
  private readonly loss: ChartDataset<'line', Point[]>;
  private readonly learningRate: ChartDataset<'line', Point[]>;

  constructor(private readonly canvas: HTMLCanvasElement, labels: { loss: string; learningRate: string; step: string }) {
    const style = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const foreground = color('--vscode-foreground', '#888');
    const grid = color('--vscode-panel-border', 'rgba(128,128,128,0.3)');
    this.loss = {
      label: labels.loss, data: [], yAxisID: 'y',
      borderColor: color('--vscode-charts-blue', '#3794ff'), backgroundColor: color('--vscode-charts-blue', '#3794ff'),
      pointRadius: 0, borderWidth: 2, tension: 0.2,
    };
    this.learningRate = {
      label: labels.learningRate, data: [], yAxisID: 'y1', hidden: false,
      borderColor: color('--vscode-charts-orange', '#d18616'), backgroundColor: color('--vscode-charts-orange', '#d18616'),
      pointRadius: 0, borderWidth: 1, borderDash: [4, 4],
    };
    const rtl = document.documentElement.dir === 'rtl';
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [this.loss, this.learningRate] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: { legend: { rtl, labels: { color: foreground } }, tooltip: { rtl } },
        scales: {
          x: { type: 'linear', reverse: rtl, title: { display: true, text: labels.step, color: foreground }, ticks: { color: foreground }, grid: { color: grid } },
          y: { type: 'linear', position: rtl ? 'right' : 'left', title: { display: true, text: labels.loss, color: foreground }, ticks: { color: foreground }, grid: { color: grid } },
          y1: { type: 'linear', display: false, position: rtl ? 'left' : 'right', title: { display: true, text: labels.learningRate, color: foreground }, ticks: { color: foreground }, grid: { drawOnChartArea: false } },
        },
      },
    });
    this.markPoints();
  }

  /** Adds one step's metrics; redraws only when asked (batching many past events into one draw). */
  add(step: number, metrics: Record<string, number>): void {
    if (typeof metrics.loss === 'number') this.loss.data.push({ x: step, y: metrics.loss });
    if (typeof metrics.learning_rate === 'number') this.learningRate.data.push({ x: step, y: metrics.learning_rate });
  }

  clear(): void {
    this.loss.data.length = 0;
    this.learningRate.data.length = 0;
  }

  draw(): void {
    const scales = this.chart.options.scales as Record<string, { display?: boolean }>;
    scales.y1.display = this.learningRate.data.length > 0;
    this.chart.update('none');
    this.markPoints();
  }

  private markPoints(): void {
    this.canvas.dataset.points = String(this.loss.data.length);
  }
}
