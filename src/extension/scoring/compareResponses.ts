/** "Compare Responses Side by Side": score a preference pair with the exported reward model and show both. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Methods, type PreferencePair, type ScorePairResult } from '../../protocol';
import { preferencePairOf } from '../../core/preferences/preferencePair';
import { findPreferenceFiles, isPreferenceFile, preferenceLines } from './preferenceRecords';
import { errorMessage, type Services } from '../services';
import { scoringModelDir } from '../shared/settings';
import { readyOnnxModelDir } from './onnxModelDir';

interface PickedPair {
  uri: vscode.Uri;
  line: number;
  pair: PreferencePair;
}

/** Arguments (optional, for tests and menus): the dataset file and a zero-based line. */
export async function compareResponses(services: Services, uriArg?: vscode.Uri | string, lineArg?: number): Promise<ScorePairResult | undefined> {
  const modelDir = await readyModelDir();
  if (!modelDir) return undefined;
  let picked: PickedPair | undefined;
  try {
    picked = await pickPair(services, uriArg, lineArg);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read the preference record: {0}', errorMessage(error)));
    return undefined;
  }
  if (!picked) return undefined;
  const { uri, line, pair } = picked;
  let result: ScorePairResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Scoring responses…') },
      () => services.engine.request(Methods.scorePair, { modelDir, prompt: pair.prompt, responses: [pair.chosen, pair.rejected] }),
    );
  } catch (error) {
    void showScoringError(services, errorMessage(error));
    return undefined;
  }
  services.lastComparison = { ...result, ...pair, uri: uri.toString(), line };
  services.comparePanel.show(
    {
      prompt: pair.prompt,
      responses: [pair.chosen, pair.rejected],
      scores: result.scores,
      source: `${vscode.workspace.asRelativePath(uri, false)}:${line + 1}`,
      modelDir: result.modelDir,
      inferenceMs: result.inferenceMs,
    },
    { uri, line },
  );
  return result;
}

function readyModelDir(): Promise<string | undefined> {
  const configuredDir = scoringModelDir();
  return readyOnnxModelDir(
    configuredDir,
    vscode.l10n.t(
      'No exported reward model in {0}. Train a reward model (e.g. a run config with "stage: reward"), then export it: python -m alw_trainer export-onnx --model <run folder>/output --out {0}. Or set "arabicLLM.scoring.modelDir".',
      configuredDir ?? vscode.l10n.t('(no workspace folder)'),
    ),
    'arabicLLM.scoring.modelDir',
  );
}

async function pickPair(services: Services, uriArg?: vscode.Uri | string, lineArg?: number): Promise<PickedPair | undefined> {
  if (uriArg !== undefined) {
    const uri = typeof uriArg === 'string' ? toUri(uriArg) : uriArg;
    const line = lineArg ?? vscode.window.activeTextEditor?.selection.active.line ?? 0;
    return readPair(services, uri, line);
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file' && editor.document.fileName.endsWith('.jsonl') && (await isPreferenceFile(editor.document.uri))) {
    return readPair(services, editor.document.uri, editor.selection.active.line);
  }
  return pickFromWorkspace();
}

function toUri(value: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:/i.test(value) && !path.isAbsolute(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

async function readPair(services: Services, uri: vscode.Uri, line: number): Promise<PickedPair> {
  const result = await services.engine.request(Methods.readRecord, { uri: uri.toString(), line });
  const pair = preferencePairOf(result.record);
  if (!pair) {
    throw new Error(vscode.l10n.t('line {0} is not a complete preference record (prompt, chosen, rejected).', line + 1));
  }
  return { uri, line: result.line ?? line, pair };
}

async function pickFromWorkspace(): Promise<PickedPair | undefined> {
  const files = await findPreferenceFiles();
  if (files.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('No preference dataset found: a .jsonl file whose records have "prompt", "chosen" and "rejected".'));
    return undefined;
  }
  const uri = files.length === 1 ? files[0] : (await vscode.window.showQuickPick(
    files.map((file) => ({ label: vscode.workspace.asRelativePath(file, false), uri: file })),
    { title: vscode.l10n.t('Compare Responses Side by Side'), placeHolder: vscode.l10n.t('Pick a preference dataset') },
  ))?.uri;
  if (!uri) return undefined;
  const lines = await preferenceLines(uri);
  const item = await vscode.window.showQuickPick(
    lines.map(({ line, pair }) => ({
      label: oneLine(pair.prompt) || vscode.l10n.t('(empty prompt)'),
      description: vscode.l10n.t('line {0}', line + 1),
      detail: oneLine(pair.chosen),
      entry: { uri, line, pair },
    })),
    { title: vscode.workspace.asRelativePath(uri, false), placeHolder: vscode.l10n.t('Pick a record to compare'), matchOnDetail: true },
  );
  return item?.entry;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

async function showScoringError(services: Services, message: string): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Scoring failed: {0}', message), showLog);
  if (choice === showLog) services.log.show();
}
