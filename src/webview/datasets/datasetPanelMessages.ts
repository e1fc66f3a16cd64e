/** Messages between the dataset panel's host and its webview; every message is switched on `type`. */
import type {
  DatasetEdit, DatasetRow, DatasetStats, OpenDatasetResult, SaveDatasetResult, SearchDatasetParams, TemplatePreviewResult,
} from '../../protocol';

/** Localized UI strings, sent once by the host (the webview has no vscode.l10n). */
export type DatasetPanelStrings = Record<
  | 'rows' | 'stats' | 'search' | 'plain' | 'regex' | 'normalized' | 'anyCode' | 'next' | 'previous' | 'noMatches'
  | 'matches' | 'truncated' | 'pending' | 'save' | 'revert' | 'edit' | 'accept' | 'cancel' | 'delete' | 'restore'
  | 'invalidJson' | 'records' | 'duplicates' | 'fertility' | 'characters' | 'words' | 'tokens' | 'arabicShare'
  | 'labels' | 'problems' | 'none' | 'preview' | 'trained' | 'notTrained' | 'saved' | 'help' | 'openText' | 'loading'
  | 'previewRow' | 'readOnly' | 'readOnlyHint' | 'helpReadOnly'
  | 'changedOnDisk' | 'reload' | 'reloaded' | 'conflicts' | 'conflictLine' | 'conflictDelete' | 'redo' | 'drop',
  string>;

export type ToDatasetPanel =
  | { type: 'init'; strings: DatasetPanelStrings; dataset: OpenDatasetResult; name: string; line?: number }
  /** The engine is not started in an untrusted workspace: the panel says so instead of loading. */
  | { type: 'untrusted'; message: string }
  | { type: 'rows'; rows: DatasetRow[]; version: string }
  | { type: 'searchResult'; lines: number[]; truncated: boolean; version: string }
  | { type: 'saved'; result: SaveDatasetResult; dataset: OpenDatasetResult }
  | { type: 'stats'; stats: DatasetStats; version: string }
  | { type: 'preview'; line: number; preview: TemplatePreviewResult; version: string }
  | { type: 'reveal'; line: number }
  /** The file as it is now and, per anchor of the `reload` request, its line now (null: a conflict). */
  | { type: 'reloaded'; dataset: OpenDatasetResult; lines: Array<number | null> }
  /** The user chose Reload on a refused save's notification. */
  | { type: 'reload' }
  /** `changed`: the save was refused because the file is no longer the version the edits were made against. */
  | { type: 'error'; about: 'rows' | 'search' | 'save' | 'stats' | 'preview' | 'reload'; message: string; changed?: boolean };

export type FromDatasetPanel =
  | { type: 'ready' }
  | { type: 'rows'; start: number; count: number }
  | { type: 'search'; query: string; mode: SearchDatasetParams['mode']; code?: string }
  | { type: 'save'; version: string; edits: DatasetEdit[] }
  | { type: 'stats' }
  | { type: 'preview'; line: number }
  | { type: 'openText'; line: number }
  /** Read the file again and find where each pending edit's line is now. */
  | { type: 'reload'; anchors: Array<{ line: number; hash: string }> };

/** A pending edit whose line changed or vanished on disk: never applied by number, redone or dropped by the user. */
export interface DatasetEditConflict {
  /** Its line in the version it was made against (zero-based). */
  line: number;
  text: string | null;
}

/** Kept with setState: the selection, the edits not saved yet (with the version and line hashes they were made against) and the conflicts survive the panel being hidden or the window reloaded. */
export interface DatasetPanelState {
  uri: string;
  selected: number;
  /** The version the edits were made against; missing in the state of older versions of the panel. */
  version?: string;
  edits: DatasetEdit[];
  conflicts?: DatasetEditConflict[];
}

const SEARCH_MODES = new Set(['plain', 'regex', 'normalized']);
const HASH = /^[0-9a-f]{64}$/;
/** The most a webview message may ask for: rows in one request, anchors or edits in one save. */
export const MAX_MESSAGE_ROWS = 10_000;
export const MAX_MESSAGE_EDITS = 1_000_000;

/**
 * The webview's message, checked field by field (a webview is not trusted to send well-formed messages);
 * throws an Error saying what is wrong. `lines` is the record count where known: a preview's line must be in
 * the file (openText's line is checked against the text document; edits and anchors by the engine, against the version they name).
 */
export function checkPanelMessage(value: unknown, lines?: number): FromDatasetPanel {
  const m = value as Record<string, unknown>;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string') throw new Error('a message without a type');
  const line = (v: unknown, name = 'line', inFile = false) => {
    if (!Number.isInteger(v) || (v as number) < 0) throw new Error(`${m.type}: ${name} ${JSON.stringify(v)} is not a line number`);
    if (inFile && lines !== undefined && (v as number) >= Math.max(1, lines)) throw new Error(`${m.type}: there is no line ${(v as number) + 1} (the file has ${lines})`);
    return v as number;
  };
  const list = (v: unknown, name: string) => {
    if (!Array.isArray(v) || v.length > MAX_MESSAGE_EDITS) throw new Error(`${m.type}: ${name} is not a list`);
    return v as Array<Record<string, unknown>>;
  };
  const hash = (v: unknown) => {
    if (typeof v !== 'string' || !HASH.test(v)) throw new Error(`${m.type}: ${JSON.stringify(v)} is not a line hash`);
    return v;
  };
  switch (m.type) {
    case 'ready': case 'stats': return { type: m.type };
    case 'rows': {
      const start = line(m.start, 'start');
      if (!Number.isInteger(m.count) || (m.count as number) < 0 || (m.count as number) > MAX_MESSAGE_ROWS) throw new Error(`rows: count ${JSON.stringify(m.count)} is out of range`);
      return { type: 'rows', start, count: m.count as number };
    }
    case 'search':
      if (typeof m.query !== 'string' || !SEARCH_MODES.has(m.mode as string) || (m.code !== undefined && typeof m.code !== 'string')) {
        throw new Error('search: a query (text), a mode (plain, regex, normalized) and an optional code are expected');
      }
      return { type: 'search', query: m.query, mode: m.mode as SearchDatasetParams['mode'], code: (m.code as string | undefined) || undefined };
    case 'save':
      if (typeof m.version !== 'string' || m.version === '') throw new Error('save: the version the edits were made against is missing');
      return {
        type: 'save', version: m.version, edits: list(m.edits, 'edits').map((e) => {
          if (e?.text !== null && typeof e?.text !== 'string') throw new Error('save: an edit has no text (a string, or null to delete)');
          return { line: line(e.line), text: e.text as string | null, hash: hash(e.hash) };
        }),
      };
    case 'preview': return { type: 'preview', line: line(m.line, 'line', true) };
    case 'openText': return { type: 'openText', line: line(m.line) };
    case 'reload': return { type: 'reload', anchors: list(m.anchors, 'anchors').map((a) => ({ line: line(a?.line), hash: hash(a?.hash) })) };
    default: throw new Error(`an unknown message type ${JSON.stringify(m.type)}`);
  }
}
