/** Reads the extension's settings and turns them into the engine's settings. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosticSettings, EngineSettings } from '../../protocol';

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

/** `arabicLLM.generation.modelDir`: the exported policy (export-onnx --kind policy). */
export function generationModelDir(): string | null {
  return resolveInWorkspace(config().get<string>('generation.modelDir', '').trim() || '.alw/policy-onnx');
}

export function generationMaxNewTokens(): number {
  return Math.min(4096, Math.max(1, Math.floor(config().get<number>('generation.maxNewTokens', 128))));
}

/** `arabicLLM.curation.recipe`: the recipe curation commands record their steps into, if set. */
export function curationRecipe(): string | undefined {
  const value = config().get<string>('curation.recipe', '').trim();
  return value ? (resolveInWorkspace(value) ?? value) : undefined;
}

export function storedPython(context: vscode.ExtensionContext): string | undefined {
  return context.workspaceState.get<string>(STORED_PYTHON_KEY);
}

export function storePython(context: vscode.ExtensionContext, python: string): Thenable<void> {
  return context.workspaceState.update(STORED_PYTHON_KEY, python);
}

/** The dataset diagnostics settings (ALW011–ALW016 and severities); paths made absolute. */
export function diagnosticSettings(): DiagnosticSettings {
  const c = config();
  const tokenizer = c.get<string>('tokenizer.path', '').trim();
  return {
    severity: c.get<DiagnosticSettings['severity']>('diagnostics.severity', {}),
    minArabicShare: c.get<number>('diagnostics.minArabicShare', 0.5),
    contextLength: c.get<number>('diagnostics.contextLength', 4096),
    tokenizer: tokenizer ? (resolveInWorkspace(tokenizer) ?? tokenizer) : null,
    evalSets: c.get<string[]>('diagnostics.evalSets', []).filter((f) => f.trim()).map((f) => resolveInWorkspace(f) ?? f),
    contaminationNgram: c.get<number>('diagnostics.contaminationNgram', 13),
  };
}

export function engineSettings(context: vscode.ExtensionContext): EngineSettings {
  const kinds = config().get<Record<string, string>>('datasets.kinds', {});
  return {
    python: configuredInterpreter() ?? storedPython(context) ?? null,
    runsDir: runsDirectory(),
    ...(Object.keys(kinds).length ? { kinds } : {}),
    diagnostics: diagnosticSettings(),
  };
}

export function affectsEngine(event: vscode.ConfigurationChangeEvent): boolean {
  return ['python.interpreter', 'runs.directory', 'datasets.kinds', 'diagnostics', 'tokenizer'].some((key) =>
    event.affectsConfiguration(`${SECTION}.${key}`));
}
