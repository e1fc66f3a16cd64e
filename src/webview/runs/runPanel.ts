/**
 * Run panel webview: title, state, step, live metric charts, checkpoints, environment report, log, and the
 * cancel / resume buttons. Text only via textContent.
 */
import { canResumeFromCheckpoint, checkpointsOf, isFinished, isResumable } from '../../core/runs/runStates';
import type { RunInfo } from '../../protocol';
import { MetricCharts } from './metricCharts';
import type { FromRunPanel, PanelEvent, RunNotes, RunPanelState, RunPanelStrings, ToRunPanel } from './runMessages';
import { byId, vscodeApi } from '../shared/vscodeApi';

const vscode = vscodeApi<RunPanelState, FromRunPanel>();
const title = byId<HTMLHeadingElement>('run-title');
const state = byId<HTMLSpanElement>('run-state');
const step = byId<HTMLSpanElement>('run-step');
const progress = byId<HTMLSpanElement>('run-progress');
const cancel = byId<HTMLButtonElement>('cancel');
const resume = byId<HTMLButtonElement>('resume');
const log = byId<HTMLPreElement>('log');
const logHeading = byId<HTMLHeadingElement>('log-heading');
const env = byId<HTMLDetailsElement>('env');
const checkpointsHeading = byId<HTMLHeadingElement>('checkpoints-heading');
const checkpoints = byId<HTMLUListElement>('checkpoints');
let strings: RunPanelStrings | undefined;
let charts: MetricCharts | undefined;
let runId = '';
let lastIndex = -1;
let shownCheckpoints = '';

cancel.addEventListener('click', () => {
  cancel.disabled = true;
  vscode.postMessage({ type: 'cancel' });
});
resume.addEventListener('click', () => {
  resume.disabled = true;
  vscode.postMessage({ type: 'resume' });
});
checkpoints.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-checkpoint]');
  if (!button?.dataset.checkpoint) return;
  button.disabled = true;
  vscode.postMessage({ type: 'resume', checkpoint: button.dataset.checkpoint });
});

window.addEventListener('message', (event: MessageEvent<ToRunPanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      strings = message.strings;
      cancel.textContent = strings.cancel;
      resume.textContent = strings.resume;
      logHeading.textContent = strings.log;
      checkpointsHeading.textContent = strings.checkpoints;
      log.dataset.empty = strings.noEvents;
      charts ??= new MetricCharts(document, { titles: strings.titles, step: strings.step }, { seriesLabel: stageLabel });
      charts.clear();
      log.textContent = '';
      logLines.length = 0;
      lastIndex = -1;
      shownCheckpoints = '';
      showRun(message.run, message.notes);
      append(message.events);
      charts.draw();
      break;
    }
    case 'events':
      showRun(message.run, message.notes);
      append(message.events);
      break;
    case 'env':
      showEnv(message.summary, message.lines);
      break;
  }
});

function showRun(run: RunInfo, notes: RunNotes): void {
  runId = run.id;
  vscode.setState({ runId: run.id });
  title.textContent = `${run.stage.toUpperCase()} · ${run.id}`;
  title.title = run.configPath;
  state.textContent = run.state;
  state.dataset.state = run.state;
  step.textContent = `${run.step} / ${run.totalSteps}`;
  step.dataset.step = String(run.step);
  progress.textContent = notes.progress;
  cancel.disabled = isFinished(run.state);
  const resumable = isResumable(run);
  resume.hidden = !resumable;
  resume.disabled = !resumable;
  showCheckpoints(checkpointsOf(run), canResumeFromCheckpoint(run));
}

/** Rebuilt only when the list or whether it can be resumed from changed. */
function showCheckpoints(list: string[], resumable: boolean): void {
  const key = `${resumable}\n${list.join('\n')}`;
  if (key === shownCheckpoints) return;
  shownCheckpoints = key;
  checkpointsHeading.hidden = list.length === 0;
  checkpoints.replaceChildren(...list.map((checkpoint) => {
    const item = document.createElement('li');
    item.dataset.checkpoint = checkpoint;
    const name = document.createElement('code');
    name.dir = 'ltr';
    name.textContent = checkpoint.split(/[\\/]/).filter(Boolean).pop() ?? checkpoint;
    name.title = checkpoint;
    item.append(name);
    if (resumable) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.checkpoint = checkpoint;
      button.textContent = strings?.resumeHere ?? '';
      item.append(' ', button);
    }
    return item;
  }));
}

function showEnv(summary: string, lines: string[]): void {
  env.hidden = false;
  byId('env-heading').textContent = `${strings?.environment ?? ''}: ${summary}`;
  byId('env-lines').replaceChildren(...lines.map((line) => {
    const item = document.createElement('li');
    item.dir = 'auto';
    item.textContent = line;
    return item;
  }));
}

/** Legend text: the run's own series needs none; a pipeline stage's series shows the stage. */
function stageLabel(series: string): string {
  return series === runId ? '' : series.slice(runId.length).replace(/^ · /, '');
}

const MAX_LOG_LINES = 5000;
/** Lines in each text node of the log, oldest first. */
const logLines: number[] = [];

function append(events: PanelEvent[]): void {
  const lines: string[] = [];
  for (const { index, event, line } of events) {
    if (index <= lastIndex) continue;
    lastIndex = index;
    lines.push(line);
    charts?.add(runId, event);
  }
  if (lines.length === 0) return;
  const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.append(document.createTextNode(lines.join('\n') + '\n'));
  logLines.push(lines.length);
  // A panel left open on a long run keeps the latest MAX_LOG_LINES lines (whole batches), not every event.
  for (let total = logLines.reduce((a, b) => a + b, 0); total > MAX_LOG_LINES && log.firstChild; total -= logLines.shift() ?? 0) {
    log.firstChild.remove();
  }
  if (stick) log.scrollTop = log.scrollHeight;
}

vscode.postMessage({ type: 'ready' });
