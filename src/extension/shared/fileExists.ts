/** Whether a file or folder exists, through the workspace file system (works for remote workspaces too). */
import * as vscode from 'vscode';

export async function exists(file: string | vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(typeof file === 'string' ? vscode.Uri.file(file) : file);
    return true;
  } catch {
    return false;
  }
}
