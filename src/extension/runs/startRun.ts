/** "Start Training Run…": pick a run config (or write the preset), check the environment, start it, follow it. */
import * as vscode from 'vscode';
import type { RunInfo } from '../../protocol';
import { launchRun } from './launchRun';
import { findRunConfigs, stageOfFile, writeTinyPreset } from './runConfigs';
import { followRun } from './runProgress';
import type { Services } from '../services';

type ConfigItem = vscode.QuickPickItem & { uri?: vscode.Uri; preset?: boolean };

/** Argument (optional, for tests and menus): the run config's URI or path. */
export async function startRun(services: Services, configArg?: vscode.Uri | string): Promise<RunInfo | undefined> {
  const config = configArg === undefined ? await pickRunConfig() : typeof configArg === 'string' ? vscode.Uri.file(configArg) : configArg;
  if (!config) return undefined;
  const run = await launchRun(services, { kind: 'start', configPath: config.fsPath });
  if (!run) return undefined;
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
