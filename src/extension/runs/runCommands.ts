/** Commands on one run the engine knows: cancel, show, resume, delete. Each picks a run when given none. */
import * as vscode from 'vscode';
import { canResumeFromCheckpoint, checkpointsOf, isFinished, isResumable } from '../../core/runs/runStates';
import { Methods, type RunInfo } from '../../protocol';
import { launchRun } from './launchRun';
import { followRun } from './runProgress';
import { runSummary } from './runText';
import { errorMessage, type Services } from '../services';

/** A command argument naming a run: its id, or a Runs view item (which carries `runId`). */
export function runIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const runId = (arg as { runId?: unknown } | undefined)?.runId;
  return typeof runId === 'string' ? runId : undefined;
}

/** The checkpoint folder a Runs view checkpoint item carries. */
export function checkpointOf(arg: unknown): string | undefined {
  const checkpoint = (arg as { checkpoint?: unknown } | undefined)?.checkpoint;
  return typeof checkpoint === 'string' ? checkpoint : undefined;
}

/** Attempts (run id and trainer pid: a resumed run is a new attempt) cancelled once already: a second cancel stops at once. */
const cancelsAsked = new Set<string>();

/** Argument (optional, for tests and the status bar): the run id. */
export async function cancelRun(services: Services, runId?: string): Promise<RunInfo | undefined> {
  const id = runId ?? (await pickRun(services, (run) => !isFinished(run.state), vscode.l10n.t('Pick the run to cancel'), vscode.l10n.t('No training run is in progress.')))?.id;
  if (!id) return undefined;
  try {
    const run = await services.engine.request(Methods.cancelRun, { runId: id });
    services.tracker.update(run);
    const attempt = `${id}:${run.pid}`;
    const again = cancelsAsked.has(attempt);
    cancelsAsked.add(attempt);
    vscode.window.setStatusBarMessage(again
      ? vscode.l10n.t('Stopping run {0} at once: it keeps its last saved checkpoint.', id)
      : vscode.l10n.t('Cancelling run {0}: it stops with a checkpoint after the current step. Cancel again to stop at once.', id), 10_000);
    return run;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not cancel the run: {0}', errorMessage(error)));
    return undefined;
  }
}

export async function showRun(services: Services, runId?: string): Promise<string | undefined> {
  const id = runId ?? (await pickRun(services, () => true, vscode.l10n.t('Pick a run to show'), ''))?.id;
  if (id) services.runPanels.show(id);
  return id;
}

/**
 * Resumes a cancelled or failed run from `checkpoint` (one of its checkpoint folders) or its latest checkpoint,
 * after the environment check; shows it and follows it like a new run.
 */
export async function resumeRun(services: Services, runId?: string, checkpoint?: string): Promise<RunInfo | undefined> {
  const run = runId ? await knownRun(services, runId) : await pickRun(services, isResumable, vscode.l10n.t('Pick the run to resume'),
    vscode.l10n.t('No run can be resumed: only a cancelled or failed run with a checkpoint can.'));
  if (!run) return undefined;
  if (!isResumable(run)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Run {0} cannot be resumed: only a cancelled or failed run with a checkpoint can.', run.id));
    return undefined;
  }
  if (checkpoint && !canResumeFromCheckpoint(run)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Run {0} resumes where it stopped: a pipeline run cannot be resumed from a chosen checkpoint.', run.id));
    return undefined;
  }
  if (checkpoint && !checkpointsOf(run).includes(checkpoint)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a checkpoint of run {1}.', checkpoint, run.id));
    return undefined;
  }
  const resumed = await launchRun(services, { kind: 'resume', run, checkpoint });
  if (!resumed) return undefined;
  services.runPanels.show(resumed.id);
  void followRun(services, resumed);
  return resumed;
}

/** Deletes a finished run's folder after a modal confirmation. Resolves to whether it was deleted. */
export async function deleteRun(services: Services, runId?: string): Promise<boolean> {
  const run = runId ? await knownRun(services, runId) : await pickRun(services, (r) => isFinished(r.state), vscode.l10n.t('Pick the run to delete'),
    vscode.l10n.t('No finished run to delete.'));
  if (!run) return false;
  if (!isFinished(run.state)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run {0} is still running: cancel it before deleting it.', run.id));
    return false;
  }
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete run {0}?', run.id),
    { modal: true, detail: vscode.l10n.t('Its folder {0} is removed with its checkpoints and trained model. This cannot be undone.', run.dir) },
    remove,
  );
  if (choice !== remove) return false;
  try {
    const { deleted } = await services.engine.request(Methods.deleteRun, { runId: run.id });
    if (deleted) {
      services.runPanels.close(run.id);
      services.tracker.remove(run.id);
    }
    return deleted;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete run {0}: {1}', run.id, errorMessage(error)));
    return false;
  }
}

/** The tracked run, or the engine's (listing the runs again); an error message when there is no such run. */
export async function knownRun(services: Services, runId: string): Promise<RunInfo | undefined> {
  const tracked = services.tracker.get(runId)?.info;
  if (tracked) return tracked;
  const runs = await services.tracker.refresh().catch(() => [] as RunInfo[]);
  const run = runs.find((r) => r.id === runId);
  if (!run) void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} was not found in the runs folder.', runId));
  return run;
}

/**
 * The engine's runs that are `wanted`, newest first. When there are none it says so: `empty`, or that there are
 * no runs at all.
 */
export async function listRuns(services: Services, wanted: (run: RunInfo) => boolean, empty: string): Promise<RunInfo[] | undefined> {
  let runs: RunInfo[];
  try {
    runs = await services.tracker.refresh();
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not list the runs: {0}', errorMessage(error)));
    return undefined;
  }
  const candidates = runs.filter(wanted).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(runs.length === 0
      ? vscode.l10n.t('No training runs yet. Start one with "Start Training Run…".')
      : empty);
    return undefined;
  }
  return candidates;
}

export function runPickItem(run: RunInfo): vscode.QuickPickItem & { run: RunInfo } {
  return { label: run.id, description: runSummary(run), detail: vscode.workspace.asRelativePath(run.configPath, false), run };
}

async function pickRun(
  services: Services, wanted: (run: RunInfo) => boolean, placeHolder: string, empty: string,
): Promise<RunInfo | undefined> {
  const candidates = await listRuns(services, wanted, empty);
  if (!candidates) return undefined;
  const item = await vscode.window.showQuickPick(candidates.map(runPickItem), { placeHolder });
  return item?.run;
}
