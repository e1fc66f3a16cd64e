/**
 * Tasks of type `arabicLLM`: one per run config in the workspace, so runs can be bound to keys and tasks.json.
 * A task checks the environment, starts (or resumes) the run through the engine, prints its events in the
 * terminal and ends with the run: exit code 0 when done, 1 when failed, 130 when cancelled. Terminating the task
 * cancels the run.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFinished, isResumable } from '../../core/runs/runStates';
import { Methods, type RunEventNotification, type RunInfo } from '../../protocol';
import { formatEvent } from './formatEvent';
import { launchRun, type RunLaunch } from './launchRun';
import { findRunConfigs, stageOfFile } from './runConfigs';
import { errorMessage, type Services } from '../services';

export const RUN_TASK_TYPE = 'arabicLLM';

export interface RunTaskDefinition extends vscode.TaskDefinition {
  /** The run config: relative to the workspace folder, or absolute. */
  config: string;
  /**
   * Resume instead of starting anew: `true` or "latest" resumes the newest cancelled or failed run of this config
   * from its latest checkpoint; any other string is a checkpoint folder of that run.
   */
  resume?: boolean | string;
}

export function registerRunTasks(services: Services): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(RUN_TASK_TYPE, {
    provideTasks: async () => {
      const configs = await findRunConfigs();
      return Promise.all(configs.map(async (uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        const config = folder ? path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/') : uri.fsPath;
        const task = runTask(services, { type: RUN_TASK_TYPE, config }, folder ?? vscode.TaskScope.Workspace);
        task.detail = vscode.l10n.t('{0} run of {1}', (await stageOfFile(uri)) ?? '?', config);
        return task;
      }));
    },
    resolveTask: (task) => {
      const definition = task.definition as RunTaskDefinition;
      if (typeof definition.config !== 'string' || !definition.config) return undefined;
      return runTask(services, definition, task.scope ?? vscode.TaskScope.Workspace, task.name);
    },
  });
}

function runTask(services: Services, definition: RunTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name?: string): vscode.Task {
  const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
  const base = folder?.uri.fsPath ?? '';
  const configPath = path.resolve(base, definition.config);
  const { resume } = definition;
  const resumeFrom = !resume ? undefined : typeof resume === 'string' && resume !== 'latest' ? path.resolve(base, resume) : 'latest';
  const title = name ?? (definition.resume ? vscode.l10n.t('resume {0}', definition.config) : vscode.l10n.t('run {0}', definition.config));
  const task = new vscode.Task(definition, scope, title, 'Arabic LLM',
    new vscode.CustomExecution(async () => new RunTerminal(services, configPath, resumeFrom)));
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

const EXIT_CODES: Record<'done' | 'failed' | 'cancelled', number> = { done: 0, failed: 1, cancelled: 130 };

/** The task's terminal: streams the run's events as log lines and closes with the run's end. */
class RunTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private runId: string | undefined;
  private ended = false;
  private listener: vscode.Disposable | undefined;

  /** @param resumeFrom "latest", a checkpoint folder, or undefined for a new run */
  constructor(private readonly services: Services, private readonly configPath: string, private readonly resumeFrom: string | undefined) {}

  open(): void {
    void this.execute().catch((error) => {
      this.line(errorMessage(error));
      this.end(1);
    });
  }

  /** The task was terminated: cancel the run it started. */
  close(): void {
    if (this.runId && !this.ended) {
      void this.services.engine.request(Methods.cancelRun, { runId: this.runId }).catch(() => undefined);
    }
    this.ended = true;
    this.listener?.dispose();
  }

  private async execute(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.line(vscode.l10n.t('This workspace is not trusted: runs cannot start here.'));
      return this.end(1);
    }
    this.line(vscode.l10n.t('Arabic LLM: {0}', this.configPath));
    const launch = await this.launch();
    if (!launch) return this.end(1);
    // Events of the new run may arrive before the engine's answer says which run it is: keep them until then.
    const early: RunEventNotification[] = [];
    this.listener = this.services.tracker.onEvent((n) => (this.runId ? this.show(n) : early.push(n)));
    const run = await launchRun(this.services, launch, (line) => this.line(line));
    if (!run) return this.end(1);
    if (this.ended) {
      // Terminated while starting.
      void this.services.engine.request(Methods.cancelRun, { runId: run.id }).catch(() => undefined);
      return;
    }
    this.runId = run.id;
    this.line(vscode.l10n.t('Run {0} ({1}) in {2}', run.id, run.stage, run.dir));
    early.forEach((n) => this.show(n));
  }

  /** What to do: a fresh start, or a resume of the newest stopped run of this config. */
  private async launch(): Promise<RunLaunch | undefined> {
    if (!this.resumeFrom) return { kind: 'start', configPath: this.configPath };
    const runs = await this.services.tracker.refresh();
    const checkpoint = this.resumeFrom === 'latest' ? undefined : this.resumeFrom;
    const candidates = runs
      .filter((run) => path.resolve(run.configPath) === this.configPath && isResumable(run))
      .filter((run) => !checkpoint || checkpoint.startsWith(run.dir + path.sep))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    if (candidates.length === 0) {
      this.line(checkpoint
        ? vscode.l10n.t('No cancelled or failed run of this config has the checkpoint {0}.', checkpoint)
        : vscode.l10n.t('No cancelled or failed run of this config has a checkpoint to resume from.'));
      return undefined;
    }
    return { kind: 'resume', run: candidates[0], checkpoint };
  }

  private show(n: RunEventNotification): void {
    if (n.runId !== this.runId || this.ended) return;
    this.line(formatEvent(n.event));
    if (isFinished(n.run.state)) this.finish(n.run);
  }

  private finish(run: RunInfo): void {
    if (this.ended) return;
    this.line(vscode.l10n.t('Run {0} ended: {1} at step {2}.', run.id, run.state, run.step));
    const code = EXIT_CODES[run.state as keyof typeof EXIT_CODES] ?? 1;
    this.services.log.info(`Task for ${this.configPath}: run ${run.id} ${run.state} at step ${run.step}, exit code ${code}`);
    this.end(code);
  }

  private line(text: string): void {
    this.writer.fire(text.replace(/\r?\n/g, '\r\n') + '\r\n');
  }

  private end(code: number): void {
    this.ended = true;
    this.listener?.dispose();
    this.closer.fire(code);
  }
}
