/** Messages between the extension host and the webviews; every message is switched on `type`. */
// Run panel and run comparison messages: ../runs/runMessages.ts.

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
