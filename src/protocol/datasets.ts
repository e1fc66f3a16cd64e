/** Datasets: records, the dataset panel's rows/search/save/stats, curation operations. */

// ---------- Datasets ----------

export interface ReadRecordParams {
  /** file:// URI or absolute path. */
  uri: string;
  /** Zero-based line. */
  line: number;
}
export interface ReadRecordResult {
  line: number;
  kind: string;
  record: Record<string, unknown>;
}

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** How a dataset file is stored; the panel edits JSONL and shows the others read-only. */
export type DatasetFileFormat = 'jsonl' | 'json' | 'csv' | 'parquet';

/** One dataset file of the workspace, for the Datasets view. */
export interface DatasetSummary {
  uri: string;
  kind: string;
  format?: DatasetFileFormat;
  /** Non-empty records (lines for JSONL, rows for CSV/Parquet). */
  records: number;
  problems: number;
  bytes: number;
}
export interface ListDatasetsResult {
  datasets: DatasetSummary[];
}

export interface OpenDatasetParams {
  uri: string;
}
/** The engine indexes line offsets once; the panel then asks only for the rows on screen. */
export interface OpenDatasetResult {
  uri: string;
  kind: string;
  /** Number of lines (JSONL) or rows (other formats). */
  rows: number;
  bytes: number;
  /** Read-only formats (CSV, JSON, Parquet) cannot be edited in place. */
  editable: boolean;
  /** The file's format; CSV, JSON and Parquet rows are read through a JSONL cache of their records. */
  format?: DatasetFileFormat;
  /** The version of the file this answer was read from (see DatasetVersioned); a save must carry it. */
  version: string;
}
/**
 * Every answer read from a dataset says which version of the file it came from: a token of the file's size,
 * mtime and SHA-256 of its bytes, the same in every engine process. A new version means the file changed
 * (and was indexed again); rows of different versions must not be mixed, nor edits made against one saved into another.
 */
export interface DatasetVersioned {
  version: string;
}
/** The JSON-RPC error code of a save refused because the file is no longer the version the edits were made against. */
export const DATASET_CHANGED_ERROR = 3;
export interface DatasetRowsParams {
  uri: string;
  /** Zero-based first row. */
  start: number;
  count: number;
}
export interface DatasetRow {
  /** Zero-based line (JSONL) or row index. */
  line: number;
  /** The raw line text (JSONL) or the row as JSON. */
  text: string;
  /** Diagnostic codes on this row. */
  codes: string[];
  /** CSV, JSON and Parquet: the record's 1-based position in the file (CSV or JSON line where it starts; Parquet row number). */
  source?: number;
  /** SHA-256 (hex) of the line's bytes without its line ending: what a pending edit of this line is anchored to. */
  hash: string;
}
export interface DatasetRowsResult extends DatasetVersioned {
  rows: DatasetRow[];
}
export interface SearchDatasetParams {
  uri: string;
  query: string;
  /** plain: substring; regex: JavaScript regular expression; normalized: both sides through the `match` profile. */
  mode: 'plain' | 'regex' | 'normalized';
  /** Only rows with this diagnostic code. */
  code?: string;
  limit?: number;
}
export interface SearchDatasetResult extends DatasetVersioned {
  lines: number[];
  /** True when `limit` stopped the search early. */
  truncated: boolean;
}
export interface DatasetEdit {
  line: number;
  /** The new line text, or null to delete the line. */
  text: string | null;
  /** The `hash` of the line as it was when the edit was made (DatasetRow.hash); the save checks it against the disk. */
  hash: string;
}
export interface SaveDatasetParams {
  uri: string;
  /** The version the edits were made against (OpenDatasetResult.version); any other refuses the save (DATASET_CHANGED_ERROR). */
  version: string;
  edits: DatasetEdit[];
}
/** Where pending edits' lines are now, after the file changed: each found by its hash. */
export interface RelocateDatasetEditsParams {
  uri: string;
  /** Each pending edit's line (in the version it was made against) and that line's hash. */
  anchors: Array<{ line: number; hash: string }>;
}
export interface RelocateDatasetEditsResult {
  /** The file as it is now (its new version); the edits that moved are to be saved against it. */
  dataset: OpenDatasetResult;
  /**
   * Per anchor: its line now, when exactly one line of the file has that hash (the line is unchanged and
   * unambiguous); null when no line or several have it (a conflict: the edit is never applied by number).
   */
  lines: Array<number | null>;
}
export interface SaveDatasetResult {
  /** Lines written; every untouched line is copied byte for byte. */
  rows: number;
  changed: number;
  deleted: number;
}
export interface DatasetStatsParams {
  uri: string;
}
export interface Histogram {
  /** Bin edges (length = counts.length + 1). */
  edges: number[];
  counts: number[];
}
export interface DatasetStats {
  records: number;
  kind: string;
  characters: Histogram;
  words: Histogram;
  /** Token lengths with the configured tokenizer; null when none is configured. */
  tokens: Histogram | null;
  arabicShare: Histogram;
  exactDuplicates: number;
  /** Label (answer) → count for evaluation sets; preference: chosen longer vs shorter. */
  labels: Record<string, number>;
  problemsByCode: Record<string, number>;
  /** Tokens per Arabic word; null without a tokenizer. */
  fertility: number | null;
}
export interface TemplatePreviewParams {
  uri: string;
  line: number;
}
export interface TemplatePreviewToken {
  id: number;
  text: string;
  /** True when the token counts in the loss (assistant turns). */
  trained: boolean;
}
export interface TemplatePreviewResult {
  tokenizer: string;
  rendered: string;
  tokens: TemplatePreviewToken[];
}

// ---------- Curation operations (engine + CLI) ----------

export type CurationOperationName = 'normalize' | 'filter' | 'dedup' | 'neardedup' | 'decontaminate' | 'mix' | 'split' | 'convert';

export interface CurateParams {
  operation: CurationOperationName;
  /** Input file(s); `mix` takes several. */
  inputs: string[];
  /** Output file (or folder for `split`). Never equal to an input unless `inPlace` is set. */
  output: string;
  inPlace?: boolean;
  /** The operation's options (thresholds etc.), as in a curation recipe step. */
  options?: Record<string, unknown>;
  /** A token the client uses to cancel and to match progress notifications. */
  token: string;
  /** A recipe file to append this step to (created if missing). */
  recordInto?: string;
}
export interface CurateResult {
  operation: CurationOperationName;
  /** Records read and written, and operation-specific counts (removed, clusters, contaminated...). */
  report: Record<string, unknown>;
  outputs: string[];
}
export interface CurateProgress {
  token: string;
  /** Bytes or records done, of `total` (same unit). */
  done: number;
  total: number;
  message?: string;
}
export interface CancelCurateParams {
  token: string;
}
