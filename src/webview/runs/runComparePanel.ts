/** Run comparison webview: two runs' curves overlaid, one chart per metric both runs have. Text via textContent. */
import { MetricCharts } from './metricCharts';
import type { FromRunCompare, ToRunCompare } from './runMessages';
import { byId, vscodeApi } from '../shared/vscodeApi';

const vscode = vscodeApi<unknown, FromRunCompare>();
const title = byId<HTMLHeadingElement>('compare-title');
const empty = byId<HTMLParagraphElement>('compare-empty');
let charts: MetricCharts | undefined;

window.addEventListener('message', (event: MessageEvent<ToRunCompare>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      const { strings, runs } = message;
      title.textContent = runs.map((run) => `${run.stage.toUpperCase()} · ${run.id}`).join('  ↔  ');
      empty.textContent = strings.nothingCommon;
      document.body.dataset.runs = runs.map((run) => run.id).join(' ');
      charts ??= new MetricCharts(document, { titles: strings.titles, step: strings.step }, { minSeries: 2 });
      document.querySelectorAll<HTMLElement>('.chart').forEach((section) => (section.hidden = true));
      charts.clear();
      for (const { runId, events } of message.events) events.forEach((e) => charts!.add(runId, e));
      charts.draw();
      break;
    }
    case 'events':
      message.events.forEach((e) => charts?.add(message.runId, e));
      charts?.draw();
      break;
  }
  empty.hidden = charts?.anyShown() ?? false;
});

vscode.postMessage({ type: 'ready' });
