/** A curation result in words (records in and out, removed, per rule), with "Open Output" / "Open Report". */
import * as vscode from 'vscode';
import type { CurateResult } from '../../protocol';

type Report = Record<string, unknown>;

const count = (report: Report, key: string): number | undefined => (typeof report[key] === 'number' ? (report[key] as number) : undefined);
const percent = (shares: unknown): string => (Array.isArray(shares) ? shares.map((s) => `${(100 * Number(s)).toFixed(1)}%`).join(' : ') : '');

/** One sentence per fact, e.g. "120 records in, 100 out, 20 removed. By rule: minWords 12, script 8." */
export function reportInWords(result: CurateResult): string {
  const r = result.report;
  const sentences: string[] = [];
  const recordsIn = count(r, 'records') ?? count(r, 'read');
  const recordsOut = count(r, 'kept') ?? count(r, 'written');
  switch (result.operation) {
    case 'normalize':
      sentences.push(vscode.l10n.t('{0} records, {1} changed.', recordsIn ?? 0, count(r, 'changed') ?? 0));
      break;
    case 'mix':
      sentences.push(vscode.l10n.t('{0} records written; ratios requested {1}, actual {2}.', recordsIn ?? 0, percent(r.requestedRatios), percent(r.actualRatios)));
      break;
    case 'split':
      sentences.push(vscode.l10n.t('{0} records: {1}.', recordsIn ?? 0,
        ['train', 'validation', 'test'].filter((part) => count(r, part) !== undefined).map((part) => `${part} ${count(r, part)}`).join(', ')));
      break;
    default:
      sentences.push(vscode.l10n.t('{0} records in, {1} out, {2} removed.', recordsIn ?? 0, recordsOut ?? 0, (recordsIn ?? 0) - (recordsOut ?? 0)));
  }
  const byRule = r.byRule && typeof r.byRule === 'object' ? Object.entries(r.byRule as Record<string, number>) : [];
  if (byRule.length) sentences.push(vscode.l10n.t('By rule: {0}.', byRule.sort(([, a], [, b]) => b - a).map(([rule, n]) => `${rule} ${n}`).join(', ')));
  if (count(r, 'clusters')) sentences.push(vscode.l10n.t('{0} clusters of near-duplicates.', count(r, 'clusters')!));
  if (count(r, 'contaminated')) sentences.push(vscode.l10n.t('{0} records share n-grams with the evaluation sets.', count(r, 'contaminated')!));
  const unreadable = count(r, 'broken') ?? count(r, 'invalid') ?? 0;
  if (unreadable) sentences.push(vscode.l10n.t('Unreadable lines: {0} (listed in the log).', unreadable));
  if (count(r, 'skipped')) sentences.push(vscode.l10n.t('Records that could not be converted: {0} (listed in the log).', count(r, 'skipped')!));
  return sentences.join(' ');
}

/** Shows the result; the buttons open the output and the side report (when one was written). */
export async function showCurateResult(title: string, result: CurateResult, reportFile: string | undefined): Promise<void> {
  const openOutput = vscode.l10n.t('Open Output');
  const openReport = vscode.l10n.t('Open Report');
  const buttons = reportFile ? [openOutput, openReport] : [openOutput];
  const choice = await vscode.window.showInformationMessage(`${title}: ${reportInWords(result)}`, ...buttons);
  const file = choice === openOutput ? result.outputs[0] : choice === openReport ? reportFile : undefined;
  if (file) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
}
