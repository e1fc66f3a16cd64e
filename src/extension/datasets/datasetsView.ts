/**
 * The Datasets view: the workspace's datasets (JSONL, CSV, Parquet, and JSON files holding records) grouped by
 * kind, each with its record and problem counts; a click opens the dataset panel (read-only for all but JSONL).
 * Refreshed when such a file is saved, created or deleted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/shared/formatBytes';
import { DATASET_FILE, DATASET_GLOB, LINE_PER_RECORD_FILE } from '../../core/formats/datasetFiles';
import { Methods, type DatasetSummary } from '../../protocol';
import type { Engine } from '../engine/engineClient';
import type { Services } from '../services';

export type DatasetTreeItem = { kind: string; datasets: DatasetSummary[] } | DatasetSummary;

const REFRESH_DELAY_MS = 300;

export class DatasetsView implements vscode.TreeDataProvider<DatasetTreeItem>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<DatasetTreeItem | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private datasets: Promise<DatasetSummary[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<DatasetTreeItem>;

  constructor(private readonly engine: Engine) {
    this.view = vscode.window.createTreeView('arabicLLM.datasets', { treeDataProvider: this, showCollapseAll: true });
    const watcher = vscode.workspace.createFileSystemWatcher(DATASET_GLOB);
    const later = () => this.refreshSoon();
    this.disposables.push(
      this.view, watcher, watcher.onDidChange(later), watcher.onDidCreate(later), watcher.onDidDelete(later),
      vscode.workspace.onDidSaveTextDocument((d) => DATASET_FILE.test(d.uri.path) && later()),
      engine.onDidChangeState((state) => state === 'ready' && this.refresh()),
    );
  }

  /** Lists again now; resolves with what the view shows. */
  refresh(): Promise<DatasetSummary[]> {
    this.datasets = undefined;
    this.changeEmitter.fire(undefined);
    return this.load();
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private load(): Promise<DatasetSummary[]> {
    this.datasets ??= this.fetch();
    return this.datasets;
  }

  private async fetch(): Promise<DatasetSummary[]> {
    if (!vscode.workspace.isTrusted) {
      this.view.message = vscode.l10n.t('Trust this workspace to list its datasets.');
      return [];
    }
    try {
      const { datasets } = await this.engine.request(Methods.listDatasets, {});
      this.view.message = datasets.length ? undefined : vscode.l10n.t('No datasets (.jsonl, .csv, .parquet, .json) in this workspace.');
      return datasets;
    } catch (error) {
      this.view.message = vscode.l10n.t('Could not list datasets: {0}', error instanceof Error ? error.message : String(error));
      return [];
    }
  }

  async getChildren(element?: DatasetTreeItem): Promise<DatasetTreeItem[]> {
    if (element) return 'datasets' in element ? element.datasets : [];
    const groups = new Map<string, DatasetSummary[]>();
    for (const d of await this.load()) groups.set(d.kind, [...(groups.get(d.kind) ?? []), d]);
    return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([kind, datasets]) => ({ kind, datasets }));
  }

  getTreeItem(element: DatasetTreeItem): vscode.TreeItem {
    if ('datasets' in element) {
      const item = new vscode.TreeItem(element.kind, vscode.TreeItemCollapsibleState.Expanded);
      item.description = element.datasets.length === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', element.datasets.length);
      item.contextValue = 'alwDatasetKind';
      item.id = `kind:${element.kind}`;
      return item;
    }
    const uri = vscode.Uri.parse(element.uri);
    const item = new vscode.TreeItem(path.basename(uri.fsPath), vscode.TreeItemCollapsibleState.None);
    item.id = element.uri;
    item.resourceUri = uri;
    item.description = element.problems
      ? vscode.l10n.t('{0} records · {1} problems', element.records, element.problems)
      : vscode.l10n.t('{0} records', element.records);
    const format = (element.format ?? 'jsonl').toUpperCase();
    item.tooltip = [`${vscode.workspace.asRelativePath(uri)}`, `${element.kind} · ${format} · ${formatBytes(element.bytes)}`,
      ...(format === 'JSONL' ? [] : [vscode.l10n.t('Read-only in the dataset panel: convert it to JSONL to edit records.')])].join('\n');
    item.iconPath = new vscode.ThemeIcon(element.problems ? 'warning' : 'database');
    item.contextValue = contextValueOf(element);
    item.command = { command: 'arabicLLM.openDatasetPanel', title: vscode.l10n.t('Open Dataset Panel'), arguments: [uri] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
    this.changeEmitter.dispose();
  }
}

/** `alwDataset` (JSONL, editable), `alwDatasetReadOnly` (CSV, JSON) or `alwDatasetReadOnly binary` (Parquet). */
function contextValueOf(dataset: DatasetSummary): string {
  if (!dataset.format || dataset.format === 'jsonl') return 'alwDataset';
  return dataset.format === 'parquet' ? 'alwDatasetReadOnly binary' : 'alwDatasetReadOnly';
}

/** The dataset a command was given: a Uri, a path or URI string, or a Datasets view item. */
export function datasetUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && typeof (arg as DatasetSummary).uri === 'string') return vscode.Uri.parse((arg as DatasetSummary).uri);
  return undefined;
}

/** `arabicLLM.openDatasetPanel (uri?, line?)`: the given dataset, else the active dataset editor, else a pick. */
export async function openDatasetPanel(s: Services, target?: unknown, line?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  let uri = datasetUriOf(target);
  let at = typeof line === 'number' ? line : undefined;
  if (!uri && editor && DATASET_FILE.test(editor.document.uri.path)) {
    uri = editor.document.uri;
    // CSV, JSON and Parquet records are not text lines: open those at the first record.
    if (LINE_PER_RECORD_FILE.test(uri.path)) at ??= editor.selection.active.line;
  }
  if (!uri) {
    const datasets = await s.datasetsView.refresh();
    const picked = await vscode.window.showQuickPick(
      datasets.map((d) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri)), description: d.kind, uri: d.uri })),
      { placeHolder: vscode.l10n.t('Dataset to open') });
    if (!picked) return;
    uri = vscode.Uri.parse(picked.uri);
  }
  s.datasetPanels.show(uri, at);
}

export async function openDatasetAsText(target?: unknown): Promise<void> {
  const uri = datasetUriOf(target) ?? vscode.window.activeTextEditor?.document.uri;
  if (uri) await vscode.window.showTextDocument(uri);
}
