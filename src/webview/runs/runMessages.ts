/** Messages between the extension host and the Run panel / Run comparison webviews, switched on `type`. */
import type { RunInfo, TrainerEvent } from '../../protocol';
import type { ChartTitles } from './chartSpecs';

/** A trainer event with its index in the run's events.jsonl and its localized log line. */
export interface PanelEvent {
  index: number;
  event: TrainerEvent;
  line: string;
}

export interface RunPanelStrings {
  cancel: string;
  resume: string;
  resumeHere: string;
  step: string;
  noEvents: string;
  log: string;
  checkpoints: string;
  environment: string;
  titles: ChartTitles;
}

/** What the host says about a run besides its RunInfo: localized, ready to show as text. */
export interface RunNotes {
  /** Pipeline stage and time left, e.g. "stage 2/3: reward · about 2 min left"; empty when unknown. */
  progress: string;
}

export type ToRunPanel =
  | { type: 'init'; strings: RunPanelStrings; run: RunInfo; notes: RunNotes; events: PanelEvent[] }
  | { type: 'events'; run: RunInfo; notes: RunNotes; events: PanelEvent[] }
  /** The environment report of the run: a one-line summary and one line per fact. */
  | { type: 'env'; summary: string; lines: string[] };

export type FromRunPanel =
  | { type: 'ready' }
  | { type: 'cancel' }
  /** Resume from `checkpoint`, or from the latest one when absent. */
  | { type: 'resume'; checkpoint?: string };

/** Persisted with vscode.setState so a restored panel knows what it showed. */
export interface RunPanelState {
  runId: string;
}

export interface RunCompareStrings {
  step: string;
  titles: ChartTitles;
  /** Shown when the two runs have no metric in common yet. */
  nothingCommon: string;
}

export type ToRunCompare =
  | { type: 'init'; strings: RunCompareStrings; runs: RunInfo[]; events: Array<{ runId: string; events: TrainerEvent[] }> }
  | { type: 'events'; runId: string; events: TrainerEvent[] };

export type FromRunCompare = { type: 'ready' };
