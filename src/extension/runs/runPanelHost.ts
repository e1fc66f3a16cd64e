/**
 * Host side of the Run panels: one panel per run, fed past events on open and live events after (batched),
 * with the run's environment report; the panel's buttons cancel and resume the run.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EnvReport, RunEventNotification, RunInfo } from '../../protocol';
import { chartSectionsHtml } from '../../webview/runs/chartSpecs';
import type { FromRunPanel, PanelEvent, RunPanelState, ToRunPanel } from '../../webview/runs/runMessages';
import { Batcher } from '../shared/batcher';
import type { Engine } from '../engine/engineClient';
import { describeEnvReport } from '../environment/envCheckView';
import { formatEvent } from './formatEvent';
import { loadRunOverview } from './runEvents';
import { runPanelStrings } from './runPanelStrings';
import { progressNote } from './runText';
import type { RunTracker } from './runTracker';
import { panelHtml, webviewOptions } from '../shared/webviewHtml';

export const RUN_PANEL_VIEW_TYPE = 'arabicLLM.run';

export class RunPanels implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();
  /** Reports of the environment checks made in this session, for runs whose folder has no env.json. */
  private readonly envReports = new Map<string, EnvReport>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engine: Engine,
    private readonly tracker: RunTracker,
  ) {}

  show(runId: string): void {
    const existing = this.panels.get(runId);
    if (existing) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(
      RUN_PANEL_VIEW_TYPE, runTitle(runId), vscode.ViewColumn.Beside, webviewOptions(this.extensionUri));
    this.adopt(panel, runId);
  }

  /** Takes over a panel, new or restored by VS Code after a reload. */
  adopt(panel: vscode.WebviewPanel, runId: string): void {
    panel.title = runTitle(runId);
    panel.webview.options = webviewOptions(this.extensionUri);
    const runPanel = new RunPanel(panel, runId, this.extensionUri, this.engine, this.tracker,
      () => this.envReports.get(runId), () => this.panels.delete(runId));
    this.panels.set(runId, runPanel);
  }

  rememberEnv(runId: string, report: EnvReport): void {
    this.envReports.set(runId, report);
    this.panels.get(runId)?.showEnv(report);
  }

  close(runId: string): void {
    this.panels.get(runId)?.dispose();
  }

  serializer(): vscode.WebviewPanelSerializer<RunPanelState> {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        if (state?.runId) this.adopt(panel, state.runId);
        else panel.dispose();
      },
    };
  }

  count(): number {
    return this.panels.size;
  }

  runIds(): string[] {
    return [...this.panels.keys()];
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

function runTitle(runId: string): string {
  return vscode.l10n.t('Run {0}', runId);
}

class RunPanel {
  /** Index of the next event the webview needs; undefined while past events are loading. */
  private next: number | undefined;
  private pending: RunEventNotification[] = [];
  private latest: RunInfo | undefined;
  private readonly outbox = new Batcher<PanelEvent>((events) => this.post({ type: 'events', run: this.latest!, notes: notes(this.latest!), events }));
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly runId: string,
    extensionUri: vscode.Uri,
    private readonly engine: Engine,
    private readonly tracker: RunTracker,
    private readonly rememberedEnv: () => EnvReport | undefined,
    onDispose: () => void,
  ) {
    panel.webview.html = panelHtml(panel.webview, extensionUri, {
      script: 'runPanel',
      style: 'runPanel.css',
      title: runTitle(runId),
      body: `<header>
  <h1 id="run-title" dir="auto"></h1>
  <span id="run-state" class="state"></span>
  <span id="run-step" class="step"></span>
  <span id="run-progress" class="note"></span>
  <button id="cancel" type="button" disabled></button>
  <button id="resume" type="button" hidden></button>
</header>
<details id="env" hidden><summary id="env-heading"></summary><ul id="env-lines"></ul></details>
<div class="charts">
${chartSectionsHtml({ lossCanvasId: 'loss-chart', showLoss: true })}
</div>
<h2 id="checkpoints-heading" hidden></h2>
<ul id="checkpoints"></ul>
<h2 id="log-heading"></h2>
<pre id="log" dir="auto"></pre>`,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: FromRunPanel) => this.receive(message)),
      tracker.onEvent((n) => this.live(n)),
      // State changes without an event (a resume accepted, a cancel requested) show up too.
      tracker.onDidChangeRun(({ info }) => {
        if (info.id !== this.runId || this.next === undefined) return;
        this.latest = info;
        this.outbox.schedule();
      }),
      panel.onDidDispose(() => {
        this.outbox.dispose();
        this.disposables.forEach((d) => d.dispose());
        onDispose();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel.dispose();
  }

  showEnv(report: EnvReport): void {
    const { summary, lines } = describeEnvReport(report);
    this.post({ type: 'env', summary, lines });
  }

  private receive(message: FromRunPanel): void {
    switch (message.type) {
      case 'ready':
        void this.load().catch((error) => this.failToLoad(error));
        break;
      case 'cancel':
        void vscode.commands.executeCommand('arabicLLM.cancelRun', this.runId);
        break;
      case 'resume':
        void vscode.commands.executeCommand('arabicLLM.resumeRun', this.runId, message.checkpoint);
        break;
    }
  }

  private async load(): Promise<void> {
    this.next = undefined;
    this.pending = [];
    const run = this.tracker.get(this.runId)?.info ?? (await this.findRun());
    const { events, next } = await loadRunOverview(this.engine, this.runId);
    const shown = events.map(({ index, event }): PanelEvent => ({ index, event, line: formatEvent(event) }));
    this.latest = this.tracker.get(this.runId)?.info ?? run;
    this.post({ type: 'init', strings: runPanelStrings(), run: this.latest, notes: notes(this.latest), events: shown });
    this.next = next;
    const queued = this.pending;
    this.pending = [];
    queued.forEach((n) => this.live(n));
    await this.loadEnv(this.latest);
  }

  /** The report the engine wrote into the run folder (env.json), else the one checked in this session. */
  private async loadEnv(run: RunInfo): Promise<void> {
    let report = this.rememberedEnv();
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(run.dir, 'env.json')));
      report = JSON.parse(new TextDecoder('utf-8').decode(bytes)) as EnvReport;
    } catch {
      // No env.json (an older engine, or the run has not started yet): keep the remembered one.
    }
    if (report) this.showEnv(report);
  }

  private async findRun(): Promise<RunInfo> {
    const runs = await this.tracker.refresh();
    const run = runs.find((r) => r.id === this.runId);
    if (!run) throw new Error(vscode.l10n.t('Run {0} was not found in the runs folder.', this.runId));
    return run;
  }

  private live(notification: RunEventNotification): void {
    if (notification.runId !== this.runId) return;
    if (this.next === undefined) {
      this.pending.push(notification);
      return;
    }
    if (notification.index < this.next) return;
    this.next = notification.index + 1;
    this.latest = notification.run;
    const { event, index } = notification;
    this.outbox.push({ index, event, line: formatEvent(event) });
    // A (resumed) start has written a fresh env.json.
    if (event.type === 'start') void this.loadEnv(notification.run);
  }

  private failToLoad(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not load run {0}: {1}', this.runId, message));
  }

  private post(message: ToRunPanel): void {
    void this.panel.webview.postMessage(message);
  }
}

function notes(run: RunInfo): { progress: string } {
  return { progress: progressNote(run) };
}
