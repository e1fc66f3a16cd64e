/** Messages between the extension host and the Results panel webview, switched on `type`. */
import type { ItemCounts, ItemFilter, ResultItem } from '../../core/evaluation/resultsItems';
import type { ResultsTable } from '../../core/evaluation/resultsTables';

export interface ResultsStrings {
  title: string;
  addRuns: string;
  exportCsv: string;
  exportJson: string;
  noRuns: string;
  score: string;
  published: string;
  items: string;
  run: string;
  task: string;
  allTasks: string;
  filter: Record<ItemFilter, string>;
  columns: { task: string; id: string; prompt: string; response: string; extracted: string; gold: string; verdict: string };
  verdicts: Record<ResultItem['verdict'], string>;
  /** "{0} of {1} items shown" style line, with {0} and {1}. */
  shown: string;
  unparsedMark: string;
  problems: string;
}

/** The drill-down of one run: its items the filter keeps (at most `limit` of them are sent). */
export interface DrillDown {
  runId: string;
  filter: ItemFilter;
  task: string;
  tasks: string[];
  counts: ItemCounts;
  /** Items the filter keeps, of which `items` are the first. */
  matching: number;
  items: ResultItem[];
}

export interface ResultsState {
  /** The eval run folders shown, so a reload opens the same ones. */
  dirs: string[];
}

export type ToResultsPanel =
  | { type: 'init'; strings: ResultsStrings; tables: ResultsTable[]; runs: { id: string; label: string }[]; dirs: string[]; problems: string[] }
  | { type: 'items'; drill: DrillDown };

export type FromResultsPanel =
  | { type: 'ready' }
  | { type: 'addRuns' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'items'; runId: string; filter: ItemFilter; task: string };
