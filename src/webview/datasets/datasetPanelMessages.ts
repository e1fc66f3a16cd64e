/** Messages between the dataset panel's host and its webview; every message is switched on `type`. */
import type { DatasetEdit, DatasetRow, DatasetStats, OpenDatasetResult, SaveDatasetResult, SearchDatasetParams, TemplatePreviewResult } from '../../protocol';

/** Localized UI strings, sent once by the host (the webview has no vscode.l10n). */
export type DatasetPanelStrings = Record<
  | 'rows' | 'stats' | 'search' | 'plain' | 'regex' | 'normalized' | 'anyCode' | 'next' | 'previous' | 'noMatches'
  | 'matches' | 'truncated' | 'pending' | 'save' | 'revert' | 'edit' | 'accept' | 'cancel' | 'delete' | 'restore'
  | 'invalidJson' | 'records' | 'duplicates' | 'fertility' | 'characters' | 'words' | 'tokens' | 'arabicShare'
  | 'labels' | 'problems' | 'none' | 'preview' | 'trained' | 'notTrained' | 'saved' | 'help' | 'openText' | 'loading'
  | 'previewRow' | 'readOnly' | 'readOnlyHint' | 'helpReadOnly',
  string>;

export type ToDatasetPanel =
  | { type: 'init'; strings: DatasetPanelStrings; dataset: OpenDatasetResult; name: string; line?: number }
  | { type: 'rows'; rows: DatasetRow[] }
  | { type: 'searchResult'; lines: number[]; truncated: boolean }
  | { type: 'saved'; result: SaveDatasetResult; dataset: OpenDatasetResult }
  | { type: 'stats'; stats: DatasetStats }
  | { type: 'preview'; line: number; preview: TemplatePreviewResult }
  | { type: 'reveal'; line: number }
  | { type: 'error'; about: 'rows' | 'search' | 'save' | 'stats' | 'preview'; message: string };

export type FromDatasetPanel =
  | { type: 'ready' }
  | { type: 'rows'; start: number; count: number }
  | { type: 'search'; query: string; mode: SearchDatasetParams['mode']; code?: string }
  | { type: 'save'; edits: DatasetEdit[] }
  | { type: 'stats' }
  | { type: 'preview'; line: number }
  | { type: 'openText'; line: number };

/** Kept with setState: the selection and the edits not saved yet survive the panel being hidden. */
export interface DatasetPanelState {
  uri: string;
  selected: number;
  edits: DatasetEdit[];
}
