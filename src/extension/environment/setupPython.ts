/** "Set Up Python Environment": a managed venv with torch and the trainer, or the configured interpreter. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Methods, type PythonEnvParams, type PythonEnvResult } from '../../protocol';
import { errorMessage, type Services } from '../services';
import { configuredInterpreter, storePython, torchRequirement, workspaceRoot } from '../shared/settings';

export async function setupPython(services: Services): Promise<PythonEnvResult | undefined> {
  const { context, engine } = services;
  const params: PythonEnvParams = {
    venvDir: venvDirectory(context),
    trainerDir: context.asAbsolutePath('trainer'),
    torchRequirement: torchRequirement(),
  };
  const interpreter = configuredInterpreter();
  if (interpreter) params.interpreter = interpreter;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Setting up the Python environment'), cancellable: false },
      async (progress) => {
        const listener = engine.onSetupProgress(({ message }) => progress.report({ message }));
        try {
          return await engine.request(Methods.setupPython, params);
        } finally {
          listener.dispose();
        }
      },
    );
    await storePython(context, result.python);
    engine.pushSettings();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Python environment ready: {0} (trainer {1}).', result.python, result.trainerVersion));
    return result;
  } catch (error) {
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('Setting up the Python environment failed: {0}', errorMessage(error)), showLog);
    if (choice === showLog) services.log.show();
    return undefined;
  }
}

/** The workspace's own .venv when it has a Python, else a venv in the extension's global storage. */
function venvDirectory(context: vscode.ExtensionContext): string {
  const root = workspaceRoot();
  if (root) {
    const venv = path.join(root, '.venv');
    const python = process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
    if (existsSync(python)) return venv;
  }
  return vscode.Uri.joinPath(context.globalStorageUri, 'venv').fsPath;
}
