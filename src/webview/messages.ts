/** Messages between the extension host and the webviews; every message is switched on `type`. */
import type { RunInfo, TrainerEvent } from '../protocol';

/** A trainer event with its index in the run's events.jsonl and its localized log line. */
export interface PanelEvent {
  index: number;
  event: TrainerEvent;
  line: string;
}

export interface RunPanelStrings {
  cancel: string;
  loss: string;
  learningRate: string;
  step: string;
  noEvents: string;
  log: string;
  chartLabel: string;
}

export type ToRunPanel =
  | { type: 'init'; strings: RunPanelStrings; run: RunInfo; events: PanelEvent[] }
  | { type: 'events'; run: RunInfo; events: PanelEvent[] };

export type FromRunPanel = { type: 'ready' } | { type: 'cancel' };

export interface CompareStrings {
  prompt: string;
  chosen: string;
  rejected: string;
  score: string;
  higher: string;
  source: string;
  model: string;
  inference: string;
}

export interface Comparison {
  prompt: string;
  responses: [string, string];
  scores: [number, number];
  /** Where the record came from, e.g. "preferences.jsonl:3". */
  source: string;
  modelDir: string;
  inferenceMs: number;
}

export type ToComparePanel = { type: 'show'; strings: CompareStrings; comparison: Comparison };

export type FromComparePanel = { type: 'ready' } | { type: 'openSource' };

/** Persisted with vscode.setState so a restored panel knows what it showed. */
export interface RunPanelState {
  runId: string;
}
