/** Starting or resuming a run after the environment check: the one path the commands and the tasks share. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Methods, type RunInfo } from '../../protocol';
import { checkEnvironment, type LineWriter } from '../environment/envCheckView';
import { errorMessage, type Services } from '../services';
import { runsDirectory } from '../shared/settings';

export type RunLaunch =
  | { kind: 'start'; configPath: string }
  /** Resumes `run` from `checkpoint`, or from its latest checkpoint. */
  | { kind: 'resume'; run: RunInfo; checkpoint?: string };

/** The run as the engine reports it once started, or undefined (the check stopped it, or the engine refused). */
export async function launchRun(services: Services, launch: RunLaunch, write?: LineWriter): Promise<RunInfo | undefined> {
  // A resumed run trains with the resolved config in its own folder, not with the (maybe edited) original.
  const configPath = launch.kind === 'start' ? launch.configPath : path.join(launch.run.dir, 'config.yaml');
  const report = await checkEnvironment(services, configPath, write);
  if (report === undefined) return undefined;
  try {
    const run = launch.kind === 'start'
      ? await services.engine.request(Methods.startRun, { configPath, runsDir: runsDirectory() ?? undefined })
      : await services.engine.request(Methods.resumeRun, { runId: launch.run.id, ...(launch.checkpoint ? { checkpoint: launch.checkpoint } : {}) });
    if (report) services.runPanels.rememberEnv(run.id, report);
    services.tracker.update(run);
    return run;
  } catch (error) {
    const message = launch.kind === 'start'
      ? vscode.l10n.t('Could not start the run: {0}', errorMessage(error))
      : vscode.l10n.t('Could not resume run {0}: {1}', launch.run.id, errorMessage(error));
    write?.(message);
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(message, showLog).then((choice) => { if (choice === showLog) services.log.show(); });
    return undefined;
  }
}
