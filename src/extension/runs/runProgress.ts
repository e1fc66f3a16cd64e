/** A cancellable progress notification following one run until it is done, cancelled or failed. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFinished } from '../../core/runs/runStates';
import { Methods, type RunInfo } from '../../protocol';
import { describeCause } from './errorCauses';
import type { TrackedRun } from './runTracker';
import { errorMessage, type Services } from '../services';

export async function followRun(services: Services, started: RunInfo): Promise<void> {
  const { tracker, engine } = services;
  const title = vscode.l10n.t('Training {0} ({1})', started.stage.toUpperCase(), started.id);
  const final = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) =>
      new Promise<RunInfo>((resolve) => {
        let percent = 0;
        const report = (run: TrackedRun) => {
          const { info } = run;
          const target = info.totalSteps > 0 ? Math.min(100, (100 * info.step) / info.totalSteps) : 0;
          const loss = run.loss === undefined ? '' : ` · ${vscode.l10n.t('loss {0}', run.loss.toFixed(4))}`;
          progress.report({ increment: Math.max(0, target - percent), message: `${info.step}/${info.totalSteps}${loss}` });
          percent = Math.max(percent, target);
          if (isFinished(info.state)) finish(info);
        };
        const listener = tracker.onDidChangeRun((run) => {
          if (run.info.id === started.id) report(run);
        });
        const cancelling = token.onCancellationRequested(() => {
          progress.report({ message: vscode.l10n.t('Cancelling…') });
          void engine.request(Methods.cancelRun, { runId: started.id }).catch((error) =>
            void vscode.window.showErrorMessage(vscode.l10n.t('Could not cancel the run: {0}', errorMessage(error))));
        });
        const finish = (info: RunInfo) => {
          listener.dispose();
          cancelling.dispose();
          resolve(info);
        };
        // The run may have moved on (or ended) before the engine's answer arrived.
        report(tracker.get(started.id) ?? { info: started });
      }),
  );
  await announce(services, final);
}

async function announce(services: Services, run: RunInfo): Promise<void> {
  if (run.state === 'done') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run {0} finished at step {1}.', run.id, run.step));
    return;
  }
  if (run.state === 'cancelled') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run {0} was cancelled at step {1}.', run.id, run.step));
    return;
  }
  const cause = run.error ? describeCause(run.error.cause) : describeCause('unknown');
  const detail = run.error?.message ? ` (${run.error.message})` : '';
  const showLog = vscode.l10n.t('Show Log');
  const showRun = vscode.l10n.t('Show Run Panel');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('Run {0} failed: {1}', run.id, cause + detail), showLog, showRun);
  if (choice === showLog) await showTrainerLog(services, run);
  else if (choice === showRun) services.runPanels.show(run.id);
}

/** The trainer's stderr (trainer.log in the run folder), or the engine log when there is none. */
async function showTrainerLog(services: Services, run: RunInfo): Promise<void> {
  const file = vscode.Uri.file(path.join(run.dir, 'trainer.log'));
  try {
    await vscode.workspace.fs.stat(file);
    await vscode.window.showTextDocument(file, { preview: true });
  } catch {
    services.log.show();
  }
}
