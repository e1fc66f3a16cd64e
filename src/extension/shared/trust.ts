/** Workspace Trust gate: nothing is spawned in an untrusted workspace. */
import * as vscode from 'vscode';

/** True when trusted; otherwise tells the user why the action needs trust and offers to manage it. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('"{0}" needs a trusted workspace: it starts the engine and runs Python code from this folder.', action),
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
