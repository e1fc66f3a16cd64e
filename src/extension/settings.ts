/** Reads the extension's settings and turns them into the engine's settings. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineSettings } from '../protocol';

export const SECTION = 'arabicLLM';
const STORED_PYTHON_KEY = 'arabicLLM.python';

export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** A setting path made absolute against the first workspace folder. */
function resolveInWorkspace(value: string): string | null {
  if (path.isAbsolute(value)) return value;
  const root = workspaceRoot();
  return root ? path.join(root, value) : null;
}

export function configuredInterpreter(): string | undefined {
  const value = config().get<string>('python.interpreter', '').trim();
  return value ? (resolveInWorkspace(value) ?? value) : undefined;
}

export function torchRequirement(): string {
  return config().get<string>('python.torchRequirement', '').trim() || 'torch==2.13.0';
}

export function runsDirectory(): string | null {
  return resolveInWorkspace(config().get<string>('runs.directory', '').trim() || '.alw/runs');
}

export function scoringModelDir(): string | null {
  return resolveInWorkspace(config().get<string>('scoring.modelDir', '').trim() || '.alw/reward-onnx');
}

export function storedPython(context: vscode.ExtensionContext): string | undefined {
  return context.workspaceState.get<string>(STORED_PYTHON_KEY);
}

export function storePython(context: vscode.ExtensionContext, python: string): Thenable<void> {
  return context.workspaceState.update(STORED_PYTHON_KEY, python);
}

export function engineSettings(context: vscode.ExtensionContext): EngineSettings {
  const kinds = config().get<Record<string, string>>('datasets.kinds', {});
  return {
    python: configuredInterpreter() ?? storedPython(context) ?? null,
    runsDir: runsDirectory(),
    ...(Object.keys(kinds).length ? { kinds } : {}),
  };
}

export function affectsEngine(event: vscode.ConfigurationChangeEvent): boolean {
  return ['python.interpreter', 'runs.directory', 'datasets.kinds'].some((key) =>
    event.affectsConfiguration(`${SECTION}.${key}`));
}
