/** The command table: every command id and its handler, in one place. */
import * as vscode from 'vscode';
import { compareResponses } from './scoring/compareResponses';
import { compareRuns } from './runs/compareRuns';
import { exportReviewedPreferences, reviewPreferences } from './preferences/preferenceCommands';
import { curate } from './curation/curateCommands';
import { generateWithPolicy } from './scoring/generate';
import { CURATE_COMMANDS } from './curation/curateOptions';
import { openDatasetAsText, openDatasetPanel } from './datasets/datasetsView';
import { cancelRun, checkpointOf, deleteRun, resumeRun, runIdOf, showRun } from './runs/runCommands';
import type { Services } from './services';
import { setupPython } from './environment/setupPython';
import { startRun } from './runs/startRun';
import { requireTrust } from './shared/trust';
import { evaluate } from './evaluation/evaluateCommand';
import { showResults } from './evaluation/resultsCommands';

interface CommandSpec {
  /** Localized name used in the Workspace Trust message. */
  name: () => string;
  /** Whether it talks to the engine or spawns anything (and so needs a trusted workspace). */
  needsTrust: boolean;
  run: (services: Services, ...args: any[]) => unknown;
}

const COMMANDS: Record<string, CommandSpec> = {
  'arabicLLM.setupPython': {
    name: () => vscode.l10n.t('Set Up Python Environment'),
    needsTrust: true,
    run: (s) => setupPython(s),
  },
  'arabicLLM.startRun': {
    name: () => vscode.l10n.t('Start Training Run'),
    needsTrust: true,
    run: (s, config?: vscode.Uri | string) => startRun(s, config),
  },
  'arabicLLM.cancelRun': {
    name: () => vscode.l10n.t('Cancel Training Run'),
    needsTrust: true,
    run: (s, run?: unknown) => cancelRun(s, runIdOf(run)),
  },
  'arabicLLM.showRun': {
    name: () => vscode.l10n.t('Show Run Panel'),
    needsTrust: true,
    run: (s, run?: unknown) => showRun(s, runIdOf(run)),
  },
  'arabicLLM.resumeRun': {
    name: () => vscode.l10n.t('Resume Training Run'),
    needsTrust: true,
    // (run id or Runs view item, checkpoint folder?) — a checkpoint item of the Runs view carries both.
    run: (s, run?: unknown, checkpoint?: unknown) =>
      resumeRun(s, runIdOf(run), typeof checkpoint === 'string' ? checkpoint : checkpointOf(run)),
  },
  'arabicLLM.resumeFromCheckpoint': {
    name: () => vscode.l10n.t('Resume from Here'),
    needsTrust: true,
    run: (s, node?: unknown) => resumeRun(s, runIdOf(node), checkpointOf(node)),
  },
  'arabicLLM.deleteRun': {
    name: () => vscode.l10n.t('Delete Training Run'),
    needsTrust: true,
    run: (s, run?: unknown) => deleteRun(s, runIdOf(run)),
  },
  'arabicLLM.compareRuns': {
    name: () => vscode.l10n.t('Compare Training Runs'),
    needsTrust: true,
    run: (s, clicked?: unknown, selected?: unknown) => compareRuns(s, clicked, selected),
  },
  'arabicLLM.evaluate': {
    name: () => vscode.l10n.t('Evaluate…'),
    needsTrust: true,
    // (Runs view item or run id: its checkpoints are offered) or EvaluateArgs (nothing asked, for the suites).
    run: (s, arg?: unknown) => evaluate(s, arg),
  },
  'arabicLLM.showResults': {
    name: () => vscode.l10n.t('Show Evaluation Results'),
    needsTrust: false,
    // (run id, run folder, Runs view item, or an array of them; or clicked + selected items of the Runs view).
    run: (s, first?: unknown, selected?: unknown) => showResults(s, first, selected),
  },
  'arabicLLM.refreshRuns': {
    name: () => vscode.l10n.t('Refresh Runs'),
    needsTrust: true,
    run: (s) => s.tracker.refresh(),
  },
  'arabicLLM.compareResponses': {
    name: () => vscode.l10n.t('Compare Responses Side by Side'),
    needsTrust: true,
    run: (s, uri?: vscode.Uri | string, line?: number) => compareResponses(s, uri, typeof line === 'number' ? line : undefined),
  },
  'arabicLLM.reviewPreferences': {
    name: () => vscode.l10n.t('Review Preferences'),
    needsTrust: true,
    // (dataset?, { judgeReport }?) → the panel, for the suites.
    run: (s, uri?: unknown, options?: unknown) => reviewPreferences(s, uri, options),
  },
  'arabicLLM.exportReviewedPreferences': {
    name: () => vscode.l10n.t('Export Reviewed Preferences'),
    needsTrust: true,
    // (dataset?, output?, { keepTies, keepBothBad, judgeReport }?) → the counts.
    run: (s, uri?: unknown, output?: unknown, options?: unknown) => exportReviewedPreferences(s, uri, output, options),
  },
  'arabicLLM.generate': {
    name: () => vscode.l10n.t('Generate with the Exported Policy'),
    needsTrust: true,
    run: (s, prompt?: unknown) => generateWithPolicy(s, typeof prompt === 'string' ? prompt : undefined),
  },
  'arabicLLM.restartEngine': {
    name: () => vscode.l10n.t('Restart Engine'),
    needsTrust: true,
    run: (s) => s.engine.restart(),
  },
  'arabicLLM.openDatasetPanel': {
    name: () => vscode.l10n.t('Open Dataset Panel'),
    needsTrust: true,
    run: (s, uri?: unknown, line?: unknown) => openDatasetPanel(s, uri, line),
  },
  'arabicLLM.openDatasetAsText': {
    name: () => vscode.l10n.t('Open as Text'),
    needsTrust: false,
    run: (_s, uri?: unknown) => openDatasetAsText(uri),
  },
  'arabicLLM.refreshDatasets': {
    name: () => vscode.l10n.t('Refresh Datasets'),
    needsTrust: true,
    run: (s) => s.datasetsView.refresh(),
  },
  'arabicLLM.showLog': {
    name: () => vscode.l10n.t('Show Engine Log'),
    needsTrust: false,
    run: (s) => s.log.show(),
  },
  // normalizeDataset, filterDataset, dedupDataset, nearDedupDataset, decontaminateDataset, mixDatasets,
  // splitDataset, convertDataset: (dataset?, args or explorer selection?) — see curateCommands.ts.
  ...Object.fromEntries(CURATE_COMMANDS.map((command): [string, CommandSpec] => [command.id, {
    name: command.name,
    needsTrust: true,
    run: (s, target?: unknown, more?: unknown) => curate(s, command, target, more),
  }])),
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, spec]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      if (spec.needsTrust && !requireTrust(spec.name())) return undefined;
      return spec.run(services, ...args);
    }));
}
