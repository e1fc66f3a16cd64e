/**
 * The curation commands (normalize, filter, dedup, near-dedup, decontaminate, mix, split, convert): the
 * dataset from the explorer or Datasets view, the active editor or a picker; the questions of
 * curateOptions.ts; an output beside the input (another place only when asked); then the engine's
 * `workbench/curate/run` under a cancellable progress notification, and the report in words.
 *
 * Tests and keybindings skip every question with an arguments object:
 * `executeCommand('arabicLLM.filterDataset', uri, { options: {...}, output?, inputs?, recordInto? })`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Methods, type CurateParams, type CurateResult } from '../../protocol';
import { beside, workspaceDatasets, type CurateAnswers, type CurateCommand } from './curateOptions';
import { showCurateResult } from './curateReport';
import { datasetUriOf } from '../datasets/datasetsView';
import { EngineInterruptedError } from '../engine/engineClient';
import { errorMessage, type Services } from '../services';
import { curationRecipe } from '../shared/settings';

/** The arguments object of a curation command (every field optional; `options` skips the questions). */
export interface CurateArgs {
  /** The operation's options, as in a recipe step; given, nothing is asked. */
  options?: Record<string, unknown>;
  /** Output file (folder for split); relative paths are relative to the input's folder. */
  output?: string;
  /** Every input of `mix` (paths or URIs), the first being the dataset the command was run on. */
  inputs?: Array<string | vscode.Uri>;
  /** A recipe to record the step into (default: the `arabicLLM.curation.recipe` setting). */
  recordInto?: string;
}

/** `(dataset?, argsOrSelection?)`: the explorer passes the clicked file and the whole selection. */
export async function curate(s: Services, command: CurateCommand, target?: unknown, second?: unknown): Promise<CurateResult | undefined> {
  const selected = Array.isArray(second) ? second.flatMap((item) => datasetUriOf(item) ?? []) : [];
  const given = second && typeof second === 'object' && !Array.isArray(second) ? (second as CurateArgs) : undefined;
  const input = datasetUriOf(target) ?? activeDataset(command) ?? (await pickDataset(command));
  if (!input) return undefined;
  if (!command.extensions.includes(path.extname(input.fsPath).toLowerCase())) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} works on {1} files, not {2}.', command.name(), command.extensions.join(', '), path.basename(input.fsPath)));
    return undefined;
  }
  const answers: CurateAnswers | undefined = given?.options
    ? { options: given.options, inputs: given.inputs?.map((i) => datasetUriOf(i)!) ?? (selected.length >= 2 ? selected : undefined) }
    : command.ask ? await command.ask(input, selected) : { options: {} };
  if (!answers) return undefined;
  const inputs = (answers.inputs ?? [input]).map((uri) => uri.fsPath);
  const output = given?.output !== undefined
    ? path.resolve(path.dirname(input.fsPath), given.output)
    : given?.options ? command.output(input.fsPath, answers) : await chooseOutput(command, input, answers);
  if (!output) return undefined;
  if (inputs.includes(output)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The output {0} is an input: curation never overwrites its input. Choose another file.', output));
    return undefined;
  }
  const options = { ...answers.options };
  // Prompted runs also write the side report ("Open Report"); with explicit options, only what was asked.
  if (command.report && !given?.options) options[command.report.option] = beside(output, command.report.suffix);
  const recordInto = given?.recordInto ?? curationRecipe();
  const params = { operation: command.operation, inputs, output, options, ...(recordInto ? { recordInto } : {}) };
  let result: CurateResult | 'cancelled';
  try {
    result = await runWithProgress(s, command, params);
  } catch (error) {
    if (error instanceof EngineInterruptedError) {
      const message = vscode.l10n.t('{0} was interrupted: the engine stopped while it ran. Nothing was written (outputs appear only when an operation completes); run it again.', command.name());
      s.log.warn(message);
      s.lastInterruptedCuration = message;
      void vscode.window.showWarningMessage(message);
      return undefined;
    }
    void showFailure(s, command, errorMessage(error));
    return undefined;
  }
  if (result === 'cancelled') {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: cancelled; nothing was written.', command.name()));
    return undefined;
  }
  s.log.info(`${command.operation} → ${result.outputs.join(', ')}\n${JSON.stringify(result.report, null, 2)}`);
  const reportFile = command.report && options[command.report.option];
  void showCurateResult(command.name(), result, typeof reportFile === 'string' && result.outputs.includes(reportFile) ? reportFile : undefined);
  return result;
}

function activeDataset(command: CurateCommand): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' && command.extensions.includes(path.extname(uri.fsPath).toLowerCase()) ? uri : undefined;
}

async function pickDataset(command: CurateCommand): Promise<vscode.Uri | undefined> {
  const files = await workspaceDatasets(command.extensions);
  if (files.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No {0} file in this workspace.', command.extensions.join(', ')));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { title: command.name(), placeHolder: vscode.l10n.t('Dataset to process'), ignoreFocusOut: true });
  return picked?.uri;
}

/** The proposed output beside the input, or another place chosen in a save (or folder) dialog. */
async function chooseOutput(command: CurateCommand, input: vscode.Uri, answers: CurateAnswers): Promise<string | undefined> {
  const proposed = command.output(input.fsPath, answers);
  const here = {
    label: `$(${command.folder ? 'folder' : 'file'}) ${vscode.workspace.asRelativePath(proposed, false)}`,
    description: existsSync(proposed) ? vscode.l10n.t('exists: will be replaced') : vscode.l10n.t('beside the input'),
    output: proposed as string | undefined,
  };
  const elsewhere = { label: vscode.l10n.t('$(folder-opened) Choose Another Location…'), description: '', output: undefined };
  const picked = await vscode.window.showQuickPick([here, elsewhere], { title: command.name(), placeHolder: vscode.l10n.t('Write the output to'), ignoreFocusOut: true });
  if (!picked || picked.output) return picked?.output;
  if (command.folder) {
    const folders = await vscode.window.showOpenDialog({
      title: command.name(), defaultUri: vscode.Uri.file(path.dirname(proposed)), canSelectFiles: false, canSelectFolders: true, openLabel: vscode.l10n.t('Write Here'),
    });
    return folders?.[0]?.fsPath;
  }
  return (await vscode.window.showSaveDialog({ title: command.name(), defaultUri: vscode.Uri.file(proposed) }))?.fsPath;
}

/** Runs the operation under a cancellable notification fed by the engine's progress for this token. */
function runWithProgress(s: Services, command: CurateCommand, params: Omit<CurateParams, 'token'>): Thenable<CurateResult | 'cancelled'> {
  const token = `curate-${randomUUID()}`;
  const title = `${command.name()}: ${path.basename(params.inputs[0])}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancellation) => {
    let shown = 0;
    const listener = s.engine.onCurateProgress(({ token: of, done, total, message }) => {
      if (of !== token) return;
      if (total <= 0) return progress.report({ message });
      const percent = Math.min(100, (100 * done) / total);
      progress.report({ increment: percent - shown, message: [`${Math.floor(percent)}%`, message].filter(Boolean).join(' · ') });
      shown = percent;
    });
    const onCancel = cancellation.onCancellationRequested(() => {
      s.engine.request(Methods.cancelCurate, { token }).catch((error) => s.log.error(`cancel ${token}: ${errorMessage(error)}`));
    });
    try {
      return await s.engine.request(Methods.curate, { ...params, token });
    } catch (error) {
      if (cancellation.isCancellationRequested) return 'cancelled' as const;
      throw error;
    } finally {
      listener.dispose();
      onCancel.dispose();
    }
  });
}

async function showFailure(s: Services, command: CurateCommand, message: string): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', command.name(), message), showLog);
  if (choice === showLog) s.log.show();
}
