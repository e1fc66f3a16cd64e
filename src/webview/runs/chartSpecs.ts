/**
 * The charts a run can show, and which trainer metric keys feed each one. Shared by the Run panel and the
 * Run comparison panel (webviews) and by their hosts, which write the static chart sections.
 */

export type ChartId =
  | 'loss' | 'learning_rate' | 'grad_norm' | 'tokens_per_second'
  | 'accuracy' | 'margin' | 'reward' | 'kl' | 'entropy';

export interface ChartSpec {
  id: ChartId;
  /**
   * Metric keys that feed this chart, in order of preference: the first one an event has is used
   * (TRL's reward trainer logs `accuracy`, its DPO trainer `rewards/accuracies`).
   */
  keys: readonly string[];
  /** Derived from other metrics instead of read from one key. */
  derived?: 'tokensPerSecond';
}

export const CHART_SPECS: readonly ChartSpec[] = [
  { id: 'loss', keys: ['loss'] },
  { id: 'learning_rate', keys: ['learning_rate'] },
  { id: 'grad_norm', keys: ['grad_norm'] },
  // HF's `train_tokens_per_second` is a whole-run summary logged once at the end, not a live rate.
  { id: 'tokens_per_second', keys: [], derived: 'tokensPerSecond' },
  { id: 'accuracy', keys: ['accuracy', 'rewards/accuracies'] },
  { id: 'margin', keys: ['margin', 'rewards/margins'] },
  { id: 'reward', keys: ['reward', 'rewards/mean', 'objective/scores'] },
  { id: 'kl', keys: ['kl', 'objective/kl'] },
  { id: 'entropy', keys: ['entropy', 'objective/entropy'] },
];

/** Localized chart titles, by chart id. */
export type ChartTitles = Record<ChartId, string>;

/**
 * Static markup for every chart section (hidden until the chart has points, except the loss chart of a Run panel).
 * No text: titles are filled in by the panel script. The Run panel's contract wants its loss canvas as #loss-chart.
 */
export function chartSectionsHtml(options: { lossCanvasId?: string; showLoss?: boolean } = {}): string {
  return CHART_SPECS.map(({ id }) => {
    const canvasId = id === 'loss' && options.lossCanvasId ? ` id="${options.lossCanvasId}"` : '';
    const hidden = id === 'loss' && options.showLoss ? '' : ' hidden';
    return `<section class="chart" data-chart="${id}"${hidden}><h3 class="chart-title"></h3>`
      + `<div class="chart-box"><canvas${canvasId} data-metric="${id}" data-points="0"></canvas></div></section>`;
  }).join('\n');
}
