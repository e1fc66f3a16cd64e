/** The folder of an exported ONNX model, checked before a command sends it to the engine. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exists } from '../shared/fileExists';

/**
 * `modelDir` when it holds model.onnx; otherwise shows `missingMessage` (already localized) with an
 * "Open Settings" button that opens `settingKey`, and resolves undefined.
 */
export async function readyOnnxModelDir(modelDir: string | null | undefined, missingMessage: string, settingKey: string): Promise<string | undefined> {
  if (modelDir && (await exists(path.join(modelDir, 'model.onnx')))) return modelDir;
  const openSettings = vscode.l10n.t('Open Settings');
  const choice = await vscode.window.showErrorMessage(missingMessage, openSettings);
  if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', settingKey);
  return undefined;
}
