/** "Cancel Training Run" and "Show Run Panel": pick a run the engine knows, act on it. */
import * as vscode from 'vscode';
import { Methods, type RunInfo } from '../protocol';
import { isFinished } from './runTracker';
import { errorMessage, type Services } from './services';

/** Argument (optional, for tests and the status bar): the run id. */
export async function cancelRun(services: Services, runId?: string): Promise<RunInfo | undefined> {
  const id = runId ?? (await pickRun(services, true, vscode.l10n.t('Pick the run to cancel')))?.id;
  if (!id) return undefined;
  try {
    const run = await services.engine.request(Methods.cancelRun, { runId: id });
    services.tracker.update(run);
    return run;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not cancel the run: {0}', errorMessage(error)));
    return undefined;
  }
}

export async function showRun(services: Services, runId?: string): Promise<string | undefined> {
  const id = runId ?? (await pickRun(services, false, vscode.l10n.t('Pick a run to show')))?.id;
  if (id) services.runPanels.show(id);
  return id;
}

async function pickRun(services: Services, runningOnly: boolean, placeHolder: string): Promise<RunInfo | undefined> {
  let runs: RunInfo[];
  try {
    runs = await services.tracker.refresh();
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not list the runs: {0}', errorMessage(error)));
    return undefined;
  }
  const candidates = runs
    .filter((run) => !runningOnly || !isFinished(run.state))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      runningOnly ? vscode.l10n.t('No training run is in progress.') : vscode.l10n.t('No training runs yet. Start one with "Start Training Run…".'));
    return undefined;
  }
  const item = await vscode.window.showQuickPick(
    candidates.map((run) => ({
      label: run.id,
      description: `${run.stage.toUpperCase()} · ${run.state} · ${run.step}/${run.totalSteps}`,
      detail: vscode.workspace.asRelativePath(run.configPath, false),
      run,
    })),
    { placeHolder },
  );
  return item?.run;
}
