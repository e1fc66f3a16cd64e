/**
 * Host side of the Results panel: one panel showing the eval runs it was given side by side (their folders read
 * here, see evalRunFolder.ts), the drill-down the webview asks for, and the exports. Messages from the webview
 * are checked before use; what it shows is kept for the in-editor tests (`snapshot`).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { filterItems, ITEM_FILTERS, itemCounts, type ItemFilter } from '../../core/evaluation/resultsItems';
import { tablesCsv, tablesJson } from '../../core/evaluation/resultsExport';
import { resultsTables, type ResultsTable } from '../../core/evaluation/resultsTables';
import type { DrillDown, FromResultsPanel, ResultsState, ToResultsPanel } from '../../webview/evaluation/resultsMessages';
import { panelHtml, webviewOptions } from '../shared/webviewHtml';
import { loadEvalRun, type LoadedEvalRun } from './evalRunFolder';
import { resultsStrings } from './resultsStrings';

export const RESULTS_PANEL_VIEW_TYPE = 'arabicLLM.results';
/** Items sent to the webview at once; the count line says how many more the filter keeps. */
const ITEMS_SHOWN = 500;

export interface ResultsSnapshot {
  dirs: string[];
  tables: ResultsTable[];
  problems: string[];
  drill?: DrillDown;
}

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private dirs: string[] = [];
  private runs: LoadedEvalRun[] = [];
  private tables: ResultsTable[] = [];
  private problems: string[] = [];
  private drill: DrillDown | undefined;
  private loaded: Promise<void> = Promise.resolve();

  constructor(private readonly extensionUri: vscode.Uri, private readonly pickRuns: () => Promise<string[] | undefined>) {}

  get isOpen(): boolean {
    return !!this.panel;
  }

  /** Shows these eval run folders (replacing what was shown); `add`: next to what is shown. */
  async show(dirs: readonly string[], add = false): Promise<void> {
    const wanted = add ? [...this.dirs, ...dirs] : [...dirs];
    this.dirs = [...new Set(wanted.map((d) => path.resolve(d)))];
    if (!this.panel) {
      this.adopt(vscode.window.createWebviewPanel(RESULTS_PANEL_VIEW_TYPE, resultsStrings().title, vscode.ViewColumn.Active, webviewOptions(this.extensionUri)));
    } else this.panel.reveal(undefined, false);
    await this.reload();
  }

  /** Takes over a panel, new or restored by VS Code after a reload. */
  adopt(panel: vscode.WebviewPanel, dirs?: string[]): void {
    this.panel?.dispose();
    this.panel = panel;
    if (dirs) this.dirs = dirs;
    panel.title = resultsStrings().title;
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, {
      script: 'resultsPanel',
      style: 'resultsPanel.css',
      title: resultsStrings().title,
      body: `<header>
  <h1 id="results-title"></h1>
  <button id="add-runs" type="button"></button>
  <button id="export-csv" type="button"></button>
  <button id="export-json" type="button"></button>
</header>
<ul id="problems"></ul>
<div id="tables"></div>
<h2 id="drill-heading"></h2>
<div class="drill-controls">
  <label><span id="drill-run-label"></span> <select id="drill-run"></select></label>
  <label><span id="drill-task-label"></span> <select id="drill-task"></select></label>
  <select id="drill-filter"></select>
  <span id="drill-shown" class="note" dir="auto"></span>
</div>
<table id="items"></table>`,
    });
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        subscriptions.forEach((s) => s.dispose());
        if (this.panel === panel) this.panel = undefined;
      }),
    ];
    if (dirs) void this.reload();
  }

  serializer(): vscode.WebviewPanelSerializer<ResultsState> {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        if (Array.isArray(state?.dirs) && state.dirs.every((d) => typeof d === 'string')) this.adopt(panel, state.dirs);
        else panel.dispose();
      },
    };
  }

  /** What the panel shows, once the folders it was given are read. */
  async snapshot(): Promise<ResultsSnapshot> {
    await this.loaded;
    return { dirs: [...this.dirs], tables: this.tables, problems: [...this.problems], ...(this.drill ? { drill: this.drill } : {}) };
  }

  /** The drill-down of one shown run, as the webview's filter asks it (and shows it). */
  async items(runId: string, filter: ItemFilter, task = ''): Promise<DrillDown> {
    await this.loaded;
    const run = this.runs.find((r) => r.id === runId);
    if (!run) throw new Error(vscode.l10n.t('Run {0} is not shown in the Results panel.', runId));
    const kept = filterItems(run.items, filter, task || undefined);
    const drill: DrillDown = {
      runId, filter, task, tasks: [...new Set(run.items.map((i) => i.task))], counts: itemCounts(task ? run.items.filter((i) => i.task === task) : run.items),
      matching: kept.length, items: kept.slice(0, ITEMS_SHOWN),
    };
    this.drill = drill;
    this.post({ type: 'items', drill });
    return drill;
  }

  async exportTo(file: string, format: 'csv' | 'json'): Promise<void> {
    await this.loaded;
    const text = format === 'csv' ? tablesCsv(this.tables) : tablesJson(this.tables);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(text));
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private reload(): Promise<void> {
    this.loaded = this.load();
    return this.loaded;
  }

  private async load(): Promise<void> {
    const runs: LoadedEvalRun[] = [];
    const problems: string[] = [];
    for (const dir of this.dirs) {
      try {
        runs.push(await loadEvalRun(this.extensionUri, dir));
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    this.runs = runs;
    this.problems = problems;
    this.tables = resultsTables(runs, (benchmark) => runs.find((r) => r.metrics.benchmark === benchmark && r.published)?.published);
    this.drill = undefined;
    this.postInit();
  }

  private postInit(): void {
    this.post({
      type: 'init', strings: resultsStrings(), tables: this.tables, runs: this.runs.map((r) => ({ id: r.id, label: r.label })), dirs: this.dirs, problems: this.problems,
    });
  }

  private post(message: ToResultsPanel): void {
    void this.panel?.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = raw as FromResultsPanel;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'ready':
        void this.loaded.then(() => this.postInit());
        break;
      case 'addRuns':
        void this.pickRuns().then((dirs) => (dirs?.length ? this.show(dirs, true) : undefined));
        break;
      case 'export':
        if (message.format === 'csv' || message.format === 'json') void this.askExport(message.format);
        break;
      case 'items':
        if (typeof message.runId === 'string' && ITEM_FILTERS.includes(message.filter) && typeof message.task === 'string') {
          void this.items(message.runId, message.filter, message.task).catch((error) => vscode.window.showErrorMessage(String(error?.message ?? error)));
        }
        break;
    }
  }

  private async askExport(format: 'csv' | 'json'): Promise<void> {
    const base = this.dirs[0] ? path.join(path.dirname(this.dirs[0]), `results.${format}`) : `results.${format}`;
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(base), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!target) return;
    try {
      await this.exportTo(target.fsPath, format);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Results exported to {0}', target.fsPath), 5_000);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not export the results: {0}', error instanceof Error ? error.message : String(error)));
    }
  }
}
