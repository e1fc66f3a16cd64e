/**
 * "Compare Runs": two runs' curves overlaid, one chart per metric they share, in one reused panel that keeps
 * following both runs while they train.
 */
import * as vscode from 'vscode';
import type { RunEventNotification, RunInfo, TrainerEvent } from '../../protocol';
import { chartSectionsHtml } from '../../webview/runs/chartSpecs';
import type { FromRunCompare, ToRunCompare } from '../../webview/runs/runMessages';
import { Batcher } from '../shared/batcher';
import type { Engine } from '../engine/engineClient';
import { listRuns, runIdOf, runPickItem, knownRun } from './runCommands';
import { loadRunOverview } from './runEvents';
import { runCompareStrings } from './runPanelStrings';
import type { RunTracker } from './runTracker';
import { errorMessage, type Services } from '../services';
import { panelHtml, webviewOptions } from '../shared/webviewHtml';

export const RUN_COMPARE_VIEW_TYPE = 'arabicLLM.compareRuns';

/**
 * Arguments from the Runs view: the clicked item and the selected ones. Two selected runs are compared; one
 * clicked run is compared with a run picked next; from the palette both are picked.
 */
export async function compareRuns(services: Services, clicked?: unknown, selected?: unknown): Promise<[string, string] | undefined> {
  const chosen = [...new Set((Array.isArray(selected) ? selected : [clicked]).map(runIdOf).filter((id): id is string => !!id))];
  if (chosen.length > 2) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Select two runs to compare, not {0}.', chosen.length));
    return undefined;
  }
  const ids = chosen.length === 2 ? chosen : await pickRuns(services, chosen[0]);
  if (!ids) return undefined;
  const runs = await Promise.all(ids.map((id) => knownRun(services, id)));
  if (!runs[0] || !runs[1]) return undefined;
  await services.runComparison.show([runs[0], runs[1]]);
  return [runs[0].id, runs[1].id];
}

async function pickRuns(services: Services, first: string | undefined): Promise<string[] | undefined> {
  const others = await listRuns(services, (run) => run.id !== first, vscode.l10n.t('There is no other run to compare with.'));
  if (!others) return undefined;
  const items = others.map(runPickItem);
  if (first) {
    const second = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick the run to compare {0} with', first) });
    return second ? [first, second.run.id] : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Pick two runs to compare') });
  if (!picked) return undefined;
  if (picked.length !== 2) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Select two runs to compare, not {0}.', picked.length));
    return undefined;
  }
  return picked.map((item) => item.run.id);
}

export class RunComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private runIds: string[] = [];
  private ready = false;
  private loading: Promise<void> | undefined;
  /** Run id → index of the next event the webview needs. */
  private readonly next = new Map<string, number>();
  private readonly outbox = new Batcher<RunEventNotification>((items) => this.forward(items));
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly engine: Engine, tracker: RunTracker) {
    this.subscriptions.push(tracker.onEvent((n) => {
      if (this.panel && this.runIds.includes(n.runId)) this.outbox.push(n);
    }));
  }

  async show(runs: [RunInfo, RunInfo]): Promise<void> {
    this.runIds = runs.map((r) => r.id);
    const title = vscode.l10n.t('Compare {0} and {1}', runs[0].id, runs[1].id);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(RUN_COMPARE_VIEW_TYPE, title, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
      this.panel.webview.html = panelHtml(this.panel.webview, this.extensionUri, {
        script: 'runComparePanel',
        style: 'runPanel.css',
        title,
        body: `<header><h1 id="compare-title" dir="auto"></h1></header>
<p id="compare-empty" class="note" hidden></p>
<div class="charts">
${chartSectionsHtml()}
</div>`,
      });
      this.panel.webview.onDidReceiveMessage((message: FromRunCompare) => {
        if (message.type !== 'ready') return;
        this.ready = true;
        void this.load(runs);
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        this.runIds = [];
        this.outbox.dispose();
      });
    } else {
      this.panel.title = title;
      this.panel.reveal();
      if (this.ready) await this.load(runs);
    }
  }

  private load(runs: RunInfo[]): Promise<void> {
    this.loading = (async () => {
      try {
        const loaded = await Promise.all(runs.map(async (run) => {
          const overview = await loadRunOverview(this.engine, run.id);
          return { runId: run.id, next: overview.next, events: overview.events.map(({ event }) => event) };
        }));
        this.next.clear();
        loaded.forEach(({ runId, next }) => this.next.set(runId, next));
        this.post({ type: 'init', strings: runCompareStrings(), runs, events: loaded.map(({ runId, events }) => ({ runId, events })) });
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not compare the runs: {0}', errorMessage(error)));
      }
    })();
    return this.loading;
  }

  /** Live events of the compared runs, after the past ones have been sent. */
  private forward(items: RunEventNotification[]): void {
    void (this.loading ?? Promise.resolve()).then(() => {
      const byRun = new Map<string, TrainerEvent[]>();
      for (const n of items) {
        if (n.index < (this.next.get(n.runId) ?? 0)) continue; // already in the loaded events
        this.next.set(n.runId, n.index + 1);
        byRun.set(n.runId, [...(byRun.get(n.runId) ?? []), n.event]);
      }
      for (const [runId, events] of byRun) this.post({ type: 'events', runId, events });
    });
  }

  private post(message: ToRunCompare): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.outbox.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}
