/** Run panel webview: title, state, step, live loss chart, log and a cancel button. Text only via textContent. */
import type { RunInfo } from '../protocol';
import { LossChart } from './lossChart';
import type { FromRunPanel, PanelEvent, RunPanelState, ToRunPanel } from './messages';
import { byId, vscodeApi } from './vscodeApi';

const vscode = vscodeApi<RunPanelState, FromRunPanel>();
const title = byId<HTMLHeadingElement>('run-title');
const state = byId<HTMLSpanElement>('run-state');
const step = byId<HTMLSpanElement>('run-step');
const cancel = byId<HTMLButtonElement>('cancel');
const log = byId<HTMLPreElement>('log');
const logHeading = byId<HTMLHeadingElement>('log-heading');
const canvas = byId<HTMLCanvasElement>('loss-chart');
let chart: LossChart | undefined;
let lastIndex = -1;

const FINISHED = new Set(['done', 'cancelled', 'failed']);

cancel.addEventListener('click', () => {
  cancel.disabled = true;
  vscode.postMessage({ type: 'cancel' });
});

window.addEventListener('message', (event: MessageEvent<ToRunPanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      cancel.textContent = message.strings.cancel;
      logHeading.textContent = message.strings.log;
      canvas.setAttribute('aria-label', message.strings.chartLabel);
      canvas.setAttribute('role', 'img');
      log.dataset.empty = message.strings.noEvents;
      chart ??= new LossChart(canvas, message.strings);
      chart.clear();
      log.textContent = '';
      lastIndex = -1;
      showRun(message.run);
      append(message.events);
      break;
    }
    case 'events':
      showRun(message.run);
      append(message.events);
      break;
  }
  chart?.draw();
});

function showRun(run: RunInfo): void {
  vscode.setState({ runId: run.id });
  title.textContent = `${run.stage.toUpperCase()} · ${run.id}`;
  title.title = run.configPath;
  state.textContent = run.state;
  state.dataset.state = run.state;
  step.textContent = `${run.step} / ${run.totalSteps}`;
  step.dataset.step = String(run.step);
  cancel.disabled = FINISHED.has(run.state);
}

function append(events: PanelEvent[]): void {
  const lines: string[] = [];
  for (const { index, event, line } of events) {
    if (index <= lastIndex) continue;
    lastIndex = index;
    lines.push(line);
    if (event.type === 'metrics') chart?.add(event.step, event.metrics);
  }
  if (lines.length === 0) return;
  const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.append(document.createTextNode(lines.join('\n') + '\n'));
  if (stick) log.scrollTop = log.scrollHeight;
}

vscode.postMessage({ type: 'ready' });
