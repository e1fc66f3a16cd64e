/** Localized strings of the Results panel. */
import * as vscode from 'vscode';
import type { ResultsStrings } from '../../webview/evaluation/resultsMessages';

export function resultsStrings(): ResultsStrings {
  return {
    title: vscode.l10n.t('Evaluation Results'),
    addRuns: vscode.l10n.t('Add eval runs…'),
    exportCsv: vscode.l10n.t('Export CSV'),
    exportJson: vscode.l10n.t('Export JSON'),
    noRuns: vscode.l10n.t('No scored eval run is shown. Add one, or run Arabic LLM: Evaluate….'),
    score: vscode.l10n.t('Score'),
    published: vscode.l10n.t('published, {0} split'),
    items: vscode.l10n.t('Items'),
    run: vscode.l10n.t('Run'),
    task: vscode.l10n.t('Task'),
    allTasks: vscode.l10n.t('All tasks'),
    filter: {
      all: vscode.l10n.t('All items'),
      wrong: vscode.l10n.t('Wrong'),
      unparsed: vscode.l10n.t('Unparsed'),
      'not-correct': vscode.l10n.t('Wrong or unparsed'),
    },
    columns: {
      task: vscode.l10n.t('Task'),
      id: vscode.l10n.t('Item'),
      prompt: vscode.l10n.t('Question'),
      response: vscode.l10n.t('Model answer'),
      extracted: vscode.l10n.t('Extracted'),
      gold: vscode.l10n.t('Gold'),
      verdict: vscode.l10n.t('Verdict'),
    },
    verdicts: { correct: vscode.l10n.t('correct'), wrong: vscode.l10n.t('wrong'), unparsed: vscode.l10n.t('unparsed') },
    shown: vscode.l10n.t('{0} of {1} items shown'),
    unparsedMark: vscode.l10n.t('unparsed'),
    problems: vscode.l10n.t('Not shown'),
  };
}
