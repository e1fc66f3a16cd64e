/**
 * Keeps the Runs view in step with runs made, changed or removed by other processes (`alw run` in a terminal,
 * another window): a change to any `<runs folder>/<run>/status.json` asks the engine to list the runs again
 * (it rescans the folder and rereads status files written elsewhere). Follows the runs-folder setting.
 */
import * as vscode from 'vscode';
import { runsDirectory } from '../shared/settings';
import type { RunTracker } from './runTracker';

/** status.json of a live run changes every second: list again at most this often. */
const REFRESH_EVERY_MS = 1000;

export function watchRunsFolder(tracker: RunTracker, isReady: () => boolean, log: vscode.LogOutputChannel): vscode.Disposable {
  let watcher: vscode.FileSystemWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      if (isReady()) void tracker.refresh().catch((error) => log.warn(`Listing runs failed: ${error}`));
    }, REFRESH_EVERY_MS);
  };
  const watch = () => {
    watcher?.dispose();
    const dir = runsDirectory();
    if (!dir) return;
    watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '*/status.json'));
    watcher.onDidCreate(refreshSoon);
    watcher.onDidChange(refreshSoon);
    watcher.onDidDelete(refreshSoon);
  };
  watch();
  const settings = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('arabicLLM.runs.directory') && watch());
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    watcher?.dispose();
    settings.dispose();
  });
}
