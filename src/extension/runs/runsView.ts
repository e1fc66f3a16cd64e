/**
 * The Runs view (`arabicLLM.runs`): every run the engine knows, newest first, with its state icon, stage, step and
 * time left, live from the run events; a run's children are its checkpoints. Item commands get the node, which
 * carries `runId` (and `checkpoint`).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canResumeFromCheckpoint, checkpointStep, checkpointsOf, isResumable } from '../../core/runs/runStates';
import { runTooltipHeader } from '../../core/shared/markdown';
import type { RunInfo, RunState } from '../../protocol';
import { configName, pipelineStage, progressNote } from './runText';
import type { RunTracker } from './runTracker';

export const RUNS_VIEW_ID = 'arabicLLM.runs';
/** Redraws of changed items are batched: events arrive many times a second. */
const REFRESH_DELAY_MS = 250;

export interface RunNode {
  kind: 'run';
  runId: string;
}
export interface CheckpointNode {
  kind: 'checkpoint';
  runId: string;
  checkpoint: string;
}
export type RunsNode = RunNode | CheckpointNode;

const STATE_ICONS: Record<RunState, vscode.ThemeIcon> = {
  starting: new vscode.ThemeIcon('loading~spin'),
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
};

export class RunsView implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly nodes = new Map<string, RunNode>();
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private rootChanged = false;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly tracker: RunTracker) {
    this.subscriptions.push(
      tracker.onDidChangeRun(({ info }) => this.invalidate(info.id)),
      tracker.onDidRemoveRun((id) => {
        this.nodes.delete(id);
        this.invalidate(undefined);
      }),
    );
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) {
      return this.tracker.all()
        .map((run) => run.info)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .map((info) => this.runNode(info.id));
    }
    if (node.kind === 'checkpoint') return [];
    const run = this.tracker.get(node.runId)?.info;
    return run ? checkpointsOf(run).slice().reverse().map((checkpoint): CheckpointNode => ({ kind: 'checkpoint', runId: run.id, checkpoint })) : [];
  }

  getParent(node: RunsNode): RunsNode | undefined {
    return node.kind === 'checkpoint' ? this.runNode(node.runId) : undefined;
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const run = this.tracker.get(node.runId)?.info;
    if (!run) return new vscode.TreeItem(node.runId);
    return node.kind === 'run' ? runItem(run) : checkpointItem(run, node.checkpoint);
  }

  /** The node of a run (the same object every time, so the view keeps its selection and expansion). */
  runNode(runId: string): RunNode {
    let node = this.nodes.get(runId);
    if (!node) this.nodes.set(runId, (node = { kind: 'run', runId }));
    return node;
  }

  private invalidate(runId: string | undefined): void {
    if (runId === undefined || !this.nodes.has(runId)) this.rootChanged = true;
    else this.dirty.add(runId);
    this.timer ??= setTimeout(() => this.flush(), REFRESH_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.rootChanged) this.changed.fire(undefined);
    else for (const id of this.dirty) this.changed.fire(this.runNode(id));
    this.rootChanged = false;
    this.dirty = new Set();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

const EVALUABLE_STAGES = new Set(['sft', 'rlaif', 'dpo', 'pipeline']);

function runMenuWords(run: RunInfo): string {
  if (run.state !== 'done') return '';
  if (run.stage === 'eval') return ' results';
  return EVALUABLE_STAGES.has(run.stage) ? ' evaluable' : '';
}

function runItem(run: RunInfo): vscode.TreeItem {
  const checkpoints = checkpointsOf(run);
  const item = new vscode.TreeItem(run.unreadable ? run.id : configName(run),
    checkpoints.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = run.id;
  item.iconPath = run.unreadable ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : STATE_ICONS[run.state];
  const note = progressNote(run);
  item.description = run.unreadable ? vscode.l10n.t('unreadable status.json')
    : [run.stage.toUpperCase(), `${run.step}/${run.totalSteps}`, note || startedAt(run)].join(' · ');
  // `run-<state>` plus ` resumable`, ` evaluable` (a finished training run), ` results` (a finished eval run):
  // the package.json menus match on these words.
  item.contextValue = run.unreadable ? 'run-unreadable' : `run-${run.state}${isResumable(run) ? ' resumable' : ''}${runMenuWords(run)}`;
  item.tooltip = runTooltip(run);
  item.accessibilityInformation = { label: vscode.l10n.t('Run {0}, {1}, step {2} of {3}', run.id, run.state, run.step, run.totalSteps) };
  item.command = { title: vscode.l10n.t('Show Run Panel'), command: 'arabicLLM.showRun', arguments: [run.id] };
  return item;
}

function checkpointItem(run: RunInfo, checkpoint: string): vscode.TreeItem {
  const item = new vscode.TreeItem(path.basename(checkpoint), vscode.TreeItemCollapsibleState.None);
  item.id = `${run.id}\n${checkpoint}`;
  item.iconPath = new vscode.ThemeIcon('save');
  const step = checkpointStep(checkpoint);
  item.description = step === undefined ? '' : vscode.l10n.t('step {0}', step);
  item.tooltip = checkpoint;
  item.contextValue = canResumeFromCheckpoint(run) ? 'checkpoint resumable' : 'checkpoint';
  return item;
}

function startedAt(run: RunInfo): string {
  const date = new Date(run.startedAt);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

function runTooltip(run: RunInfo): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`${runTooltipHeader(run)}\n\n`);
  const rows: Array<[string, string]> = [
    [vscode.l10n.t('Config'), run.configPath],
    [vscode.l10n.t('Stage'), pipelineStage(run) ?? run.stage],
    [vscode.l10n.t('Step'), `${run.step}/${run.totalSteps}`],
    [vscode.l10n.t('Started'), run.startedAt],
    ...(run.endedAt ? [[vscode.l10n.t('Ended'), run.endedAt] as [string, string]] : []),
    ...(run.resumedFrom ? [[vscode.l10n.t('Resumed from'), run.resumedFrom] as [string, string]] : []),
    [vscode.l10n.t('Folder'), run.dir],
  ];
  for (const [name, value] of rows) {
    tooltip.appendMarkdown(`${name}: `);
    tooltip.appendText(value);
    tooltip.appendMarkdown('  \n');
  }
  if (run.error) {
    tooltip.appendMarkdown(`\n${vscode.l10n.t('Error')}: `);
    tooltip.appendText(run.error.message);
  }
  return tooltip;
}

/** The Runs view with its provider; several runs can be selected (to compare two). */
export function createRunsView(tracker: RunTracker): { provider: RunsView; disposable: vscode.Disposable } {
  const provider = new RunsView(tracker);
  const view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, canSelectMany: true });
  return { provider, disposable: vscode.Disposable.from(view, provider) };
}
