/** "Review Preferences" and "Export Reviewed Preferences": open a preference or ranked file's review panel, export. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectKind } from '../../core/datasets/datasetKinds';
import type { ExportCounts, ExportOptions } from '../../core/preferences/preferenceExport';
import { besideJudgeReport, labelsJournalPath } from '../../engine/preferences/labelsFiles';
import { datasetUriOf } from '../datasets/datasetsView';
import { errorMessage, type Services } from '../services';
import { headLines } from '../shared/headLines';
import { workspaceRoot } from '../shared/settings';
import { annotatorId, type OpenReviewOptions, type PreferencePanel } from './preferencePanelHost';
import { PreferenceReview } from './preferenceReview';

/** A Uri, a path or URI string, or a Datasets view item. */
function uriOf(value: unknown): vscode.Uri | undefined {
  return value === '' ? undefined : datasetUriOf(value);
}

async function isReviewable(uri: vscode.Uri): Promise<boolean> {
  const records = (await headLines(uri, 50)).flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line)] : [];
    } catch {
      return [];
    }
  });
  const kind = detectKind(records);
  return kind === 'preference' || kind === 'ranked';
}

/** The file to review: the argument, the active JSONL editor, or one picked from the workspace's preference and ranked files. */
async function pickFile(target: unknown): Promise<vscode.Uri | undefined> {
  const given = uriOf(target);
  if (given) return given;
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor?.scheme === 'file' && /\.jsonl$/i.test(editor.path) && (await isReviewable(editor))) return editor;
  const files = await vscode.workspace.findFiles('**/*.jsonl', '**/{node_modules,.alw,.venv}/**', 500);
  const reviewable = (await Promise.all(files.map(async (f) => ((await isReviewable(f).catch(() => false)) ? f : undefined)))).filter((f): f is vscode.Uri => !!f);
  if (reviewable.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No preference or ranked dataset found: a .jsonl file whose records have "prompt" with "chosen" and "rejected", or with "responses".'));
    return undefined;
  }
  if (reviewable.length === 1) return reviewable[0];
  return (await vscode.window.showQuickPick(reviewable.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { placeHolder: vscode.l10n.t('Pick a preference or ranked dataset to review') }))?.uri;
}

/** Arguments (optional, for tests and menus): the dataset file and `{ judgeReport }`. Resolves with the panel. */
export async function reviewPreferences(s: Services, target?: unknown, options?: unknown): Promise<PreferencePanel | undefined> {
  const uri = await pickFile(target);
  if (!uri) return undefined;
  const judgeReport = options && typeof options === 'object' ? uriOf((options as { judgeReport?: unknown }).judgeReport)?.fsPath : undefined;
  try {
    return s.preferencePanels.show(uri, { ...(judgeReport ? { judgeReport } : {}) } satisfies OpenReviewOptions);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not open {0} for review: {1}', path.basename(uri.fsPath), errorMessage(error)));
    return undefined;
  }
}

/**
 * Arguments (optional): the dataset, the output file and `{ keepTies, keepBothBad, judgeReport }`; asked for
 * when missing. Resolves with the counts.
 */
export async function exportReviewedPreferences(s: Services, target?: unknown, output?: unknown, options?: unknown): Promise<ExportCounts | undefined> {
  const uri = await pickFile(target);
  if (!uri) return undefined;
  const o = (options && typeof options === 'object' ? options : {}) as Partial<ExportOptions> & { judgeReport?: unknown };
  let file = uriOf(output)?.fsPath;
  if (!file) {
    file = (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(uri.fsPath.replace(/\.[^.]+$/, '.reviewed.jsonl')), filters: { JSONL: ['jsonl'] } }))?.fsPath;
    if (!file) return undefined;
  }
  const exportOptions: ExportOptions = { keepTies: o.keepTies === true, keepBothBad: o.keepBothBad === true };
  try {
    const open = s.preferencePanels.get(uri);
    if (open) return open.exportTo(file, exportOptions);
    const review = PreferenceReview.open(uri.fsPath, labelsJournalPath(workspaceRoot() ?? path.dirname(uri.fsPath), uri.fsPath), annotatorId());
    const report = uriOf(o.judgeReport)?.fsPath ?? besideJudgeReport(uri.fsPath);
    if (uriOf(o.judgeReport) || existsSync(report)) review.loadJudgeReport(report);
    return review.exportTo(file, exportOptions);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not export reviewed preferences: {0}', errorMessage(error)));
    return undefined;
  }
}
