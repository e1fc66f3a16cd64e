/** Host side of the Run panels: one panel per run, fed past events on open and live events after. */
import * as vscode from 'vscode';
import { Methods, type RunEventNotification, type RunInfo } from '../protocol';
import type { FromRunPanel, PanelEvent, RunPanelState, RunPanelStrings, ToRunPanel } from '../webview/messages';
import type { Engine } from './engine';
import { formatEvent } from './formatEvent';
import type { RunTracker } from './runTracker';
import { panelHtml, webviewOptions } from './webviewHtml';

export const RUN_PANEL_VIEW_TYPE = 'arabicLLM.run';

export class RunPanels implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();

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
    const runPanel = new RunPanel(panel, runId, this.extensionUri, this.engine, this.tracker, () => this.panels.delete(runId));
    this.panels.set(runId, runPanel);
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
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly runId: string,
    extensionUri: vscode.Uri,
    private readonly engine: Engine,
    private readonly tracker: RunTracker,
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
  <button id="cancel" type="button" disabled></button>
</header>
<section class="chart"><canvas id="loss-chart" data-points="0"></canvas></section>
<h2 id="log-heading"></h2>
<pre id="log" dir="auto"></pre>`,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: FromRunPanel) => this.receive(message)),
      tracker.onEvent((n) => this.live(n)),
      panel.onDidDispose(() => {
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

  private receive(message: FromRunPanel): void {
    switch (message.type) {
      case 'ready':
        void this.load().catch((error) => this.failToLoad(error));
        break;
      case 'cancel':
        void vscode.commands.executeCommand('arabicLLM.cancelRun', this.runId);
        break;
    }
  }

  private async load(): Promise<void> {
    this.next = undefined;
    this.pending = [];
    const run = this.tracker.get(this.runId)?.info ?? (await this.findRun());
    const events: PanelEvent[] = [];
    let since = 0;
    for (let page = 0; page < 1000; page++) {
      const result = await this.engine.request(Methods.runEvents, { runId: this.runId, since });
      result.events.forEach((event, i) => events.push({ index: since + i, event, line: formatEvent(event) }));
      if (result.events.length === 0 || result.next <= since) break;
      since = result.next;
    }
    const latest = this.tracker.get(this.runId)?.info ?? run;
    this.post({ type: 'init', strings: runPanelStrings(), run: latest, events });
    this.next = since;
    const queued = this.pending;
    this.pending = [];
    queued.forEach((n) => this.live(n));
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
    const event: PanelEvent = { index: notification.index, event: notification.event, line: formatEvent(notification.event) };
    this.post({ type: 'events', run: notification.run, events: [event] });
  }

  private failToLoad(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not load run {0}: {1}', this.runId, message));
  }

  private post(message: ToRunPanel): void {
    void this.panel.webview.postMessage(message);
  }
}

function runPanelStrings(): RunPanelStrings {
  return {
    cancel: vscode.l10n.t('Cancel Run'),
    loss: vscode.l10n.t('Loss'),
    learningRate: vscode.l10n.t('Learning rate'),
    step: vscode.l10n.t('Step'),
    noEvents: vscode.l10n.t('No events yet.'),
    log: vscode.l10n.t('Log'),
    chartLabel: vscode.l10n.t('Training loss by step'),
  };
}
