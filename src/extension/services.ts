/** What the command handlers share. */
import type * as vscode from 'vscode';
import type { ScorePairResult } from '../protocol';
import type { ComparePanel } from './scoring/comparePanelHost';
import type { PreferencePanels } from './preferences/preferencePanelHost';
import type { DatasetPanels } from './datasets/datasetPanelHost';
import type { DatasetsView } from './datasets/datasetsView';
import type { RunComparePanel } from './runs/compareRuns';
import type { Engine } from './engine/engineClient';
import type { RunPanels } from './runs/runPanelHost';
import type { ResultsPanel } from './evaluation/resultsPanelHost';
import type { RunTracker } from './runs/runTracker';

/** The last pair scored and shown, with what was shown next to the scores. */
export interface ShownComparison extends ScorePairResult {
  prompt: string;
  chosen: string;
  rejected: string;
  uri: string;
  /** Zero-based line. */
  line: number;
}

export interface Services {
  context: vscode.ExtensionContext;
  engine: Engine;
  tracker: RunTracker;
  runPanels: RunPanels;
  comparePanel: ComparePanel;
  runComparison: RunComparePanel;
  log: vscode.LogOutputChannel;
  datasetPanels: DatasetPanels;
  datasetsView: DatasetsView;
  preferencePanels: PreferencePanels;
  resultsPanel: ResultsPanel;
  lastComparison?: ShownComparison;
  /** The last curation cut off by an engine crash: its warning, for the in-editor suites. */
  lastInterruptedCuration?: string;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
