/** Host side of the dataset panels: one panel per file, relaying the webview's requests to the engine. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATASET_CHANGED_ERROR, Methods, type OpenDatasetResult } from '../../protocol';
import {
  checkPanelMessage, type DatasetPanelState, type DatasetPanelStrings, type FromDatasetPanel, type ToDatasetPanel,
} from '../../webview/datasets/datasetPanelMessages';
import type { Engine } from '../engine/engineClient';
import { errorMessage } from '../services';
import { panelHtml, webviewOptions } from '../shared/webviewHtml';

export const DATASET_PANEL_VIEW_TYPE = 'arabicLLM.dataset';

export class DatasetPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DatasetPanel>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly engine: Engine) {}

  show(uri: vscode.Uri, line?: number): void {
    const existing = this.panels.get(uri.toString());
    if (existing) return existing.reveal(line);
    const panel = vscode.window.createWebviewPanel(DATASET_PANEL_VIEW_TYPE, path.basename(uri.fsPath), vscode.ViewColumn.Active,
      webviewOptions(this.extensionUri));
    this.adopt(panel, uri, line);
  }

  /** Takes over a panel, new or restored by VS Code after a reload. */
  adopt(panel: vscode.WebviewPanel, uri: vscode.Uri, line?: number): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    const key = uri.toString();
    this.panels.set(key, new DatasetPanel(panel, uri, this.extensionUri, this.engine, line, () => this.panels.delete(key)));
  }

  serializer(): vscode.WebviewPanelSerializer<DatasetPanelState> {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        if (state?.uri) this.adopt(panel, vscode.Uri.parse(state.uri), state.selected);
        else panel.dispose();
      },
    };
  }

  /** Files with an open panel, for tests. */
  openUris(): string[] {
    return [...this.panels.keys()];
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class DatasetPanel {
  /** Records in the file as last opened, to range-check the webview's lines. */
  private rows: number | undefined;
  private trust: vscode.Disposable | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly uri: vscode.Uri,
    extensionUri: vscode.Uri,
    private readonly engine: Engine,
    private line: number | undefined,
    onDispose: () => void,
  ) {
    panel.title = path.basename(uri.fsPath);
    panel.webview.html = panelHtml(panel.webview, extensionUri, { script: 'datasetPanel', style: 'datasetPanel.css', title: panel.title, body: BODY });
    const subscription = panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.trust?.dispose();
      onDispose();
    });
  }

  reveal(line?: number): void {
    this.panel.reveal(undefined, false);
    if (line !== undefined) this.post({ type: 'reveal', line });
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** Every webview message is checked first: a malformed one is an error shown to the user, never an unhandled rejection. */
  private async receive(raw: unknown): Promise<void> {
    try {
      await this.handle(checkPanelMessage(raw, this.rows));
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Dataset panel {0}: {1}', panelName(this.uri), errorMessage(error)));
    }
  }

  private async handle(message: FromDatasetPanel): Promise<void> {
    const uri = this.uri.toString();
    switch (message.type) {
      case 'ready':
        if (!vscode.workspace.isTrusted) return this.waitForTrust();
        return this.attempt('rows', async () => {
          const dataset = await this.open();
          this.post({ type: 'init', strings: datasetPanelStrings(), dataset, name: vscode.workspace.asRelativePath(this.uri), line: this.line });
          this.line = undefined;
        });
      case 'rows':
        return this.attempt('rows', async () => this.post({ type: 'rows', ...(await this.engine.request(Methods.datasetRows, { uri, start: message.start, count: message.count })) }));
      case 'search':
        return this.attempt('search', async () => {
          const result = await this.engine.request(Methods.searchDataset, { uri, query: message.query, mode: message.mode, code: message.code });
          this.post({ type: 'searchResult', ...result });
        });
      case 'save':
        return this.attempt('save', async () => {
          const result = await this.engine.request(Methods.saveDataset, { uri, version: message.version, edits: message.edits });
          const dataset = await this.open();
          this.post({ type: 'saved', result, dataset });
          void vscode.window.setStatusBarMessage(vscode.l10n.t('Saved {0}: {1} changed, {2} deleted', panelName(this.uri), result.changed, result.deleted), 5000);
        });
      case 'reload':
        return this.attempt('reload', async () => {
          const { dataset, lines } = await this.engine.request(Methods.relocateDatasetEdits, { uri, anchors: message.anchors });
          this.rows = dataset.rows;
          this.post({ type: 'reloaded', dataset, lines });
        });
      case 'stats':
        return this.attempt('stats', async () => {
          const { version, ...stats } = await this.engine.request(Methods.datasetStats, { uri });
          this.post({ type: 'stats', stats, version });
        });
      case 'preview':
        return this.attempt('preview', async () => {
          const { version, ...preview } = await this.engine.request(Methods.templatePreview, { uri, line: message.line });
          this.post({ type: 'preview', line: message.line, preview, version });
        });
      case 'openText': {
        const document = await vscode.workspace.openTextDocument(this.uri);
        if (message.line >= document.lineCount) throw new Error(vscode.l10n.t('{0} has no line {1}', panelName(this.uri), message.line + 1));
        const position = new vscode.Position(message.line, 0);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
        return;
      }
    }
  }

  private async open(): Promise<OpenDatasetResult> {
    const dataset = await this.engine.request(Methods.openDataset, { uri: this.uri.toString() });
    this.rows = dataset.rows;
    return dataset;
  }

  /** A panel restored in an untrusted window: the engine is not started there, so the panel says why it is empty. */
  private waitForTrust(): void {
    this.post({ type: 'untrusted', message: vscode.l10n.t('This dataset is not shown because the workspace is not trusted: the engine that reads datasets does not start in untrusted workspaces. Trust the workspace to see it.') });
    this.trust ??= vscode.workspace.onDidGrantWorkspaceTrust(() => void this.handle({ type: 'ready' }));
  }

  private async attempt(about: Extract<ToDatasetPanel, { type: 'error' }>['about'], work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const changed = (error as { code?: unknown }).code === DATASET_CHANGED_ERROR;
      this.post({ type: 'error', about, message: errorMessage(error), changed });
      if (about !== 'save') return;
      const reload = vscode.l10n.t('Reload');
      const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Could not save {0}: {1}', panelName(this.uri), errorMessage(error)), ...(changed ? [reload] : []));
      if (choice === reload) this.post({ type: 'reload' });
    }
  }

  private post(message: ToDatasetPanel): void {
    void this.panel.webview.postMessage(message);
  }
}

function panelName(uri: vscode.Uri): string {
  return path.basename(uri.fsPath);
}

/** Static markup only; the panel script fills in every string and all dataset text. */
const BODY = `<header>
  <h1 id="dataset-name" dir="auto"></h1>
  <span id="dataset-info" dir="auto"></span>
  <span id="read-only" hidden></span>
  <nav role="tablist">
    <button id="rows-tab" role="tab" type="button" aria-selected="true"></button>
    <button id="stats-tab" role="tab" type="button" aria-selected="false"></button>
  </nav>
</header>
<section id="rows-view">
  <div class="toolbar">
    <input id="search" type="search" dir="auto">
    <select id="search-mode"><option value="plain"></option><option value="normalized"></option><option value="regex"></option></select>
    <select id="code-filter"><option value=""></option></select>
    <button id="prev" type="button"></button><button id="next" type="button"></button>
    <span id="search-count" aria-live="polite"></span>
    <span class="spacer"></span>
    <span id="pending" data-count="0"></span>
    <button id="revert" type="button" disabled></button>
    <button id="save" type="button" class="primary" disabled></button>
  </div>
  <div id="status" role="status" dir="auto"></div>
  <div id="changed" role="alert" hidden><span id="changed-text" dir="auto"></span> <button id="reload" type="button"></button></div>
  <section id="conflicts" hidden></section>
  <div id="viewport" tabindex="0" role="grid"><div id="spacer"></div></div>
  <div id="editor-area" hidden>
    <textarea id="editor" dir="auto" spellcheck="false"></textarea>
    <div class="editor-actions">
      <button id="accept" type="button" class="primary"></button>
      <button id="cancel-edit" type="button"></button>
      <button id="delete" type="button"></button>
      <span id="edit-error" role="alert" dir="auto"></span>
    </div>
  </div>
  <section id="preview">
    <h2 id="preview-title"></h2>
    <div id="preview-legend"></div>
    <div id="preview-tokens" dir="auto"></div>
  </section>
</section>
<section id="stats-view" hidden>
  <p id="stats-summary" dir="auto"></p>
  <div class="charts">
    <figure><canvas data-stat="characters"></canvas></figure>
    <figure><canvas data-stat="words"></canvas></figure>
    <figure><canvas data-stat="tokens"></canvas></figure>
    <figure><canvas data-stat="arabicShare"></canvas></figure>
    <figure><canvas data-stat="labels"></canvas></figure>
    <figure><canvas data-stat="problems"></canvas></figure>
  </div>
</section>
<p id="help"></p>`;

function datasetPanelStrings(): DatasetPanelStrings {
  return {
    rows: vscode.l10n.t('Records'),
    stats: vscode.l10n.t('Statistics'),
    search: vscode.l10n.t('Search records'),
    plain: vscode.l10n.t('Plain'),
    regex: vscode.l10n.t('Regular expression'),
    normalized: vscode.l10n.t('Normalized Arabic'),
    anyCode: vscode.l10n.t('Any problem'),
    next: vscode.l10n.t('Next'),
    previous: vscode.l10n.t('Previous'),
    noMatches: vscode.l10n.t('No matches'),
    matches: vscode.l10n.t('{0} of {1}'),
    truncated: vscode.l10n.t('(first {0} only)'),
    pending: vscode.l10n.t('{0} unsaved changes'),
    save: vscode.l10n.t('Save'),
    revert: vscode.l10n.t('Revert'),
    edit: vscode.l10n.t('Edit'),
    accept: vscode.l10n.t('Apply'),
    cancel: vscode.l10n.t('Cancel'),
    delete: vscode.l10n.t('Delete'),
    restore: vscode.l10n.t('Restore'),
    invalidJson: vscode.l10n.t('Not valid JSON: {0}'),
    records: vscode.l10n.t('{0} records'),
    duplicates: vscode.l10n.t('Exact duplicates: {0}'),
    fertility: vscode.l10n.t('Fertility (tokens per Arabic word): {0}'),
    characters: vscode.l10n.t('Characters per record'),
    words: vscode.l10n.t('Words per record'),
    tokens: vscode.l10n.t('Tokens per record'),
    arabicShare: vscode.l10n.t('Arabic share of letters'),
    labels: vscode.l10n.t('Label balance'),
    problems: vscode.l10n.t('Problems by code'),
    none: vscode.l10n.t('none'),
    preview: vscode.l10n.t('Chat-template preview of line {0}'),
    trained: vscode.l10n.t('trained (in the loss)'),
    notTrained: vscode.l10n.t('not trained'),
    saved: vscode.l10n.t('Saved: {0} changed, {1} deleted'),
    help: vscode.l10n.t('j/k or arrows: move · Enter: edit · Delete: delete or restore · /: search · Ctrl+S: save'),
    openText: vscode.l10n.t('Open as Text'),
    loading: vscode.l10n.t('Loading…'),
    previewRow: vscode.l10n.t('Chat-template preview of row {0}'),
    readOnly: vscode.l10n.t('Read-only ({0})'),
    readOnlyHint: vscode.l10n.t('CSV, JSON and Parquet files are shown read-only. To edit records, convert the file to JSONL (Arabic LLM: Convert Dataset…) and open that file.'),
    helpReadOnly: vscode.l10n.t('j/k or arrows: move · /: search · o: open as text (CSV, JSON)'),
    changedOnDisk: vscode.l10n.t('The file changed on disk since the panel read it. Reload it: your unsaved edits follow their lines.'),
    reload: vscode.l10n.t('Reload'),
    reloaded: vscode.l10n.t('Reloaded from disk: {0} edits kept, {1} conflicts'),
    conflicts: vscode.l10n.t('{0} edits could not be placed: their line changed or is gone on disk. Redo each on the line you select, or drop it; saving waits until none is left.'),
    conflictLine: vscode.l10n.t('Line {0}'),
    conflictDelete: vscode.l10n.t('(delete this record)'),
    redo: vscode.l10n.t('Redo on selected line'),
    drop: vscode.l10n.t('Drop'),
  };
}
