/** "Start Training Run…": pick a run config (or write the preset), start it, follow it. */
import * as vscode from 'vscode';
import { Methods, type RunInfo } from '../protocol';
import { findRunConfigs, stageOfFile, writeTinyPreset } from './runConfigs';
import { followRun } from './runProgress';
import { errorMessage, type Services } from './services';
import { runsDirectory } from './settings';

type ConfigItem = vscode.QuickPickItem & { uri?: vscode.Uri; preset?: boolean };

/** Argument (optional, for tests and menus): the run config's URI or path. */
export async function startRun(services: Services, configArg?: vscode.Uri | string): Promise<RunInfo | undefined> {
  const config = configArg === undefined ? await pickRunConfig() : typeof configArg === 'string' ? vscode.Uri.file(configArg) : configArg;
  if (!config) return undefined;
  let run: RunInfo;
  try {
    run = await services.engine.request(Methods.startRun, { configPath: config.fsPath, runsDir: runsDirectory() ?? undefined });
  } catch (error) {
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('Could not start the run: {0}', errorMessage(error)), showLog);
    if (choice === showLog) services.log.show();
    return undefined;
  }
  services.tracker.update(run);
  services.runPanels.show(run.id);
  void followRun(services, run);
  return run;
}

async function pickRunConfig(): Promise<vscode.Uri | undefined> {
  const preset: ConfigItem = {
    label: `$(add) ${vscode.l10n.t('Create from preset: Tiny CPU demo')}`,
    detail: vscode.l10n.t('Writes a config into .alw/configs/: a ~1M-parameter model fine-tuned on a chat dataset of this workspace, on CPU in minutes.'),
    preset: true,
  };
  const items = findRunConfigs().then(async (configs) => {
    const found = await Promise.all(configs.map(async (uri): Promise<ConfigItem> => ({
      label: vscode.workspace.asRelativePath(uri, false),
      description: await stageOfFile(uri),
      uri,
    })));
    return found.length ? [...found, { label: '', kind: vscode.QuickPickItemKind.Separator }, preset] : [preset];
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Start Training Run'),
    placeHolder: vscode.l10n.t('Pick a run config'),
  });
  if (!picked) return undefined;
  if (!picked.preset) return picked.uri;
  const written = await writeTinyPreset();
  if (written) await vscode.window.showTextDocument(written, { preview: false, preserveFocus: true });
  return written;
}
