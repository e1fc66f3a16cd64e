/**
 * Dataset panel webview: virtualized records with search, in-place edit/delete, save/revert, statistics and a
 * chat-template preview of the selected record. Dataset text is only ever set with textContent, in dir="auto".
 * CSV, JSON and Parquet files are shown read-only (no edit, delete or save), numbered by their source position.
 * Every answer names the version of the file it was read from: one of another version is not shown; the panel
 * reloads (with no edits pending) or says the file changed and offers Reload, which moves each pending edit to
 * where its line is now, or lists it in #conflicts to redo or drop.
 */
import { DiagnosticCodes, type DatasetEdit, type DatasetRow, type OpenDatasetResult, type TemplatePreviewResult } from '../../protocol';
import { drawConflicts } from './conflictList';
import type { DatasetEditConflict, DatasetPanelState, DatasetPanelStrings, FromDatasetPanel, ToDatasetPanel } from './datasetPanelMessages';
import { drawStats } from './datasetStatsCharts';
import { PendingEdits } from './pendingEdits';
import { VirtualRows } from '../shared/virtualRows';
import { byId, vscodeApi } from '../shared/vscodeApi';

const vscode = vscodeApi<DatasetPanelState, FromDatasetPanel>();
const ROW_HEIGHT = 26;
const $ = {
  name: byId('dataset-name'), info: byId('dataset-info'), rowsTab: byId<HTMLButtonElement>('rows-tab'),
  statsTab: byId<HTMLButtonElement>('stats-tab'), rowsView: byId('rows-view'), statsView: byId('stats-view'),
  search: byId<HTMLInputElement>('search'), mode: byId<HTMLSelectElement>('search-mode'), code: byId<HTMLSelectElement>('code-filter'),
  prev: byId<HTMLButtonElement>('prev'), next: byId<HTMLButtonElement>('next'), count: byId('search-count'),
  pending: byId('pending'), save: byId<HTMLButtonElement>('save'), revert: byId<HTMLButtonElement>('revert'),
  status: byId('status'), viewport: byId('viewport'), spacer: byId('spacer'), editorArea: byId('editor-area'),
  editor: byId<HTMLTextAreaElement>('editor'), accept: byId<HTMLButtonElement>('accept'), cancelEdit: byId<HTMLButtonElement>('cancel-edit'),
  remove: byId<HTMLButtonElement>('delete'), editError: byId('edit-error'), previewTitle: byId('preview-title'),
  previewLegend: byId('preview-legend'), previewTokens: byId('preview-tokens'), statsSummary: byId('stats-summary'), help: byId('help'),
  readOnly: byId('read-only'), changed: byId('changed'), changedText: byId('changed-text'), reload: byId<HTMLButtonElement>('reload'),
  conflicts: byId('conflicts'),
};

let strings: DatasetPanelStrings | undefined;
let dataset: OpenDatasetResult | undefined;
let selected = 0;
let editing: number | undefined;
let matches: number[] = [];
let matchSet = new Set<number>();
let matchAt = -1;
let statsLoaded = false;
let edits = new PendingEdits('');
/** The edits sent to be relocated by a `reload` not answered yet. */
let reloading: DatasetEdit[] | undefined;
/** An answer came from another version of the file than the one shown (and edited). */
let stale = false;
/** The conflict being redone in the editor: dropped once the edit is applied. */
let redoing: DatasetEditConflict | undefined;
const restored = vscode.getState();
const format = (template: string, ...values: Array<string | number>) => template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));

const rows = new VirtualRows($.viewport, $.spacer, {
  rowHeight: ROW_HEIGHT,
  fetch: (start, count) => post({ type: 'rows', start, count }),
  render: renderRow,
});

function post(message: FromDatasetPanel): void {
  vscode.postMessage(message);
}

function renderRow(element: HTMLElement, line: number, row: DatasetRow | undefined): void {
  const edit = edits.text(line);
  const text = edit === undefined ? row?.text : edit ?? row?.text;
  element.classList.toggle('selected', line === selected);
  element.classList.toggle('edited', typeof edit === 'string');
  element.classList.toggle('deleted', edit === null);
  element.classList.toggle('match', matchSet.has(line));
  element.setAttribute('aria-selected', String(line === selected));
  const key = `${text ?? ''}\u0000${row?.codes.join(',') ?? ''}`;
  if (element.dataset.key === key) return;
  element.dataset.key = key;
  element.dataset.codes = row?.codes.join(' ') ?? '';
  if (row?.source === undefined) delete element.dataset.source;
  else element.dataset.source = String(row.source);
  const number = document.createElement('span');
  number.className = 'line-no';
  number.textContent = String(sourcePosition(line, row));
  const codes = document.createElement('span');
  codes.className = 'codes';
  codes.textContent = row?.codes.join(' ') ?? '';
  const cell = document.createElement('span');
  cell.className = 'cell';
  cell.dir = 'auto';
  cell.textContent = text ?? strings?.loading ?? '';
  element.replaceChildren(number, codes, cell);
}

/** The number shown for a row: its JSONL line, the CSV or JSON line where it starts, or its Parquet row number (1-based). */
function sourcePosition(line: number, row = rows.row(line)): number {
  return row?.source ?? line + 1;
}

/** Formats whose records are rows rather than text lines. */
function numbersRows(): boolean {
  return dataset?.format === 'parquet';
}

/** `o`: the file as text at the record's line (a Parquet file is not text). */
function openText(): void {
  if (!dataset || dataset.format === 'parquet') return;
  post({ type: 'openText', line: sourcePosition(selected) - 1 });
}

function select(line: number, preview = true): void {
  if (!dataset || dataset.rows === 0) return;
  selected = Math.max(0, Math.min(dataset.rows - 1, line));
  rows.reveal(selected);
  rows.refresh();
  saveState();
  if (preview) requestPreview();
}

let previewTimer: ReturnType<typeof setTimeout> | undefined;
function requestPreview(): void {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => post({ type: 'preview', line: selected }), 150);
}

function showPreview(line: number, preview: TemplatePreviewResult): void {
  if (line !== selected || !strings) return;
  $.previewTitle.textContent = format(numbersRows() ? strings.previewRow : strings.preview, sourcePosition(line));
  $.previewTitle.title = preview.tokenizer;
  $.previewLegend.textContent = `■ ${strings.trained}   □ ${strings.notTrained}`;
  $.previewTokens.replaceChildren(...preview.tokens.map((token) => {
    const span = document.createElement('span');
    span.className = 'token';
    span.dataset.trained = String(token.trained);
    span.dataset.id = String(token.id);
    span.title = `${token.id}`;
    span.textContent = token.text;
    return span;
  }));
  $.previewTokens.dataset.tokens = String(preview.tokens.length);
  $.previewTokens.dataset.trained = String(preview.tokens.filter((t) => t.trained).length);
}

/** Opens the editor on the selected line (loaded, so its hash is known), with `initial` text to redo a conflict. */
function startEdit(initial?: string): boolean {
  if (!dataset?.editable || !strings || stale) return false;
  const row = rows.row(selected);
  if (!row) return false;
  const current = edits.has(selected) ? edits.text(selected) : row.text;
  editing = selected;
  $.editor.value = initial ?? current ?? row.text;
  $.editError.textContent = '';
  $.remove.textContent = edits.text(selected) === null ? strings.restore : strings.delete;
  $.editorArea.hidden = false;
  $.editor.focus();
  return true;
}

function stopEdit(): void {
  editing = undefined;
  redoing = undefined;
  $.editorArea.hidden = true;
  $.viewport.focus();
}

/** A record is one JSON line: pretty-printed input is compacted; one-line input is kept exactly as typed. */
function acceptEdit(): void {
  if (editing === undefined || !strings) return;
  const text = $.editor.value;
  try {
    JSON.parse(text);
  } catch (error) {
    $.editError.textContent = format(strings.invalidJson, (error as Error).message);
    return;
  }
  const line = /[\r\n]/.test(text) ? JSON.stringify(JSON.parse(text)) : text;
  const row = rows.row(editing);
  if (!row) return;
  if (line === row.text) edits.delete(editing);
  else edits.set(editing, line, row.hash);
  if (redoing) edits.conflicts = edits.conflicts.filter((c) => c !== redoing);
  changed();
  stopEdit();
}

function toggleDelete(line: number): boolean {
  const row = rows.row(line);
  if (!dataset?.editable || stale || !row) return false;
  if (edits.text(line) === null) edits.delete(line);
  else edits.set(line, null, row.hash);
  changed();
  if (editing !== undefined) stopEdit();
  return true;
}

const conflictActions = {
  go: (c: DatasetEditConflict) => select(c.line),
  redo: (c: DatasetEditConflict) => {
    if (c.text !== null) {
      if (startEdit(c.text)) redoing = c;
    } else if (edits.text(selected) !== null && toggleDelete(selected)) {
      edits.conflicts = edits.conflicts.filter((other) => other !== c);
      changed();
    }
  },
  drop: (c: DatasetEditConflict) => {
    edits.conflicts = edits.conflicts.filter((other) => other !== c);
    changed();
  },
};

/** Reads the file again, moving `list` (the pending edits) to where their lines are now. */
function reload(list = edits.list()): void {
  if (reloading) return;
  reloading = list;
  if (editing !== undefined) stopEdit();
  changed();
  post({ type: 'reload', anchors: list.map((e) => ({ line: e.line, hash: e.hash })) });
}

/** Whether an answer read from `version` belongs to the file shown; if not, reload or say the file changed. */
function current(version: string): boolean {
  if (version === edits.version) return true;
  markStale();
  return false;
}

function markStale(): void {
  if (reloading) return;
  if (edits.size === 0) return reload();
  stale = true;
  changed();
}

function reloaded(message: Extract<ToDatasetPanel, { type: 'reloaded' }>): void {
  const moved = edits.moved(message.dataset.version, reloading ?? [], message.lines);
  reloading = undefined;
  stale = false;
  dataset = message.dataset;
  rows.setCount(dataset.rows);
  rows.invalidate();
  matches = [];
  matchSet = new Set();
  statsLoaded = false;
  showInfo();
  if (strings && (moved.kept || moved.conflicts)) $.status.textContent = format(strings.reloaded, moved.kept, moved.conflicts);
  changed();
  select(selected);
}

/** Saving waits while the file shown is stale, a reload is running or conflicts are left. */
function canSave(): boolean {
  return edits.size > 0 && edits.conflicts.length === 0 && !stale && !reloading;
}

function changed(): void {
  if (!strings) return;
  $.pending.dataset.count = String(edits.size);
  $.pending.textContent = edits.size ? format(strings.pending, edits.size) : '';
  $.save.disabled = !canSave();
  $.revert.disabled = edits.size === 0 && edits.conflicts.length === 0;
  $.changed.hidden = !stale;
  $.changedText.textContent = strings.changedOnDisk;
  drawConflicts($.conflicts, edits.conflicts, strings, conflictActions);
  rows.refresh();
  saveState();
}

function save(): void {
  if (!canSave()) return;
  $.save.disabled = true;
  post({ type: 'save', version: edits.version, edits: edits.list() });
}

function runSearch(): void {
  const query = $.search.value;
  $.search.dataset.ran = query;
  if (!query && !$.code.value) {
    matches = [];
    matchSet = new Set();
    $.count.textContent = '';
    rows.refresh();
    return;
  }
  $.count.textContent = strings?.loading ?? '';
  post({ type: 'search', query, mode: $.mode.value as 'plain' | 'regex' | 'normalized', code: $.code.value || undefined });
}

function step(direction: 1 | -1): void {
  if (matches.length === 0) return;
  const after = matches.findIndex((line) => (direction > 0 ? line > selected : line >= selected));
  matchAt = direction > 0 ? (after < 0 ? 0 : after) : ((after < 0 ? matches.length : after) - 1 + matches.length) % matches.length;
  showCount();
  select(matches[matchAt]);
}

function showCount(truncated = false): void {
  if (!strings) return;
  $.count.textContent = matches.length === 0 ? strings.noMatches
    : format(strings.matches, matchAt + 1, matches.length) + (truncated ? ` ${format(strings.truncated, matches.length)}` : '');
  $.count.dataset.count = String(matches.length);
}

function showTab(stats: boolean): void {
  $.rowsView.hidden = stats;
  $.statsView.hidden = !stats;
  $.rowsTab.setAttribute('aria-selected', String(!stats));
  $.statsTab.setAttribute('aria-selected', String(stats));
  if (stats && !statsLoaded) {
    statsLoaded = true;
    $.statsSummary.textContent = strings?.loading ?? '';
    post({ type: 'stats' });
  }
}

function saveState(): void {
  if (dataset) vscode.setState(edits.state(dataset.uri, selected));
}

function showInfo(): void {
  if (dataset && strings) $.info.textContent = `${dataset.kind} · ${format(strings.records, dataset.rows)}`;
}

function init(message: Extract<ToDatasetPanel, { type: 'init' }>): void {
  strings = message.strings;
  dataset = message.dataset;
  const s = strings;
  $.name.textContent = message.name;
  $.status.textContent = '';
  delete $.status.dataset.error;
  showInfo();
  $.rowsTab.textContent = s.rows;
  $.statsTab.textContent = s.stats;
  $.search.placeholder = s.search;
  $.search.setAttribute('aria-label', s.search);
  [s.plain, s.normalized, s.regex].forEach((label, i) => ($.mode.options[i].textContent = label));
  $.code.options[0].textContent = s.anyCode;
  if ($.code.options.length === 1) for (const code of Object.values(DiagnosticCodes)) $.code.add(new Option(code, code));
  $.prev.textContent = s.previous;
  $.next.textContent = s.next;
  $.save.textContent = s.save;
  $.revert.textContent = s.revert;
  $.accept.textContent = s.accept;
  $.cancelEdit.textContent = s.cancel;
  $.reload.textContent = s.reload;
  $.help.textContent = dataset.editable ? s.help : s.helpReadOnly;
  for (const control of [$.pending, $.save, $.revert]) control.hidden = !dataset.editable;
  $.readOnly.hidden = dataset.editable;
  $.readOnly.textContent = dataset.editable ? '' : format(s.readOnly, (dataset.format ?? '').toUpperCase());
  $.readOnly.title = dataset.editable ? '' : s.readOnlyHint;
  edits = new PendingEdits(dataset.version);
  const toRelocate = dataset.editable && restored?.uri === dataset.uri ? edits.restore(restored) : [];
  rows.setCount(dataset.rows);
  changed();
  // Edits restored from another version of the file are placed by their lines' hashes, never by number.
  if (toRelocate.length) reload(toRelocate);
  select(message.line ?? (restored?.uri === dataset.uri ? restored.selected : 0));
}

window.addEventListener('message', (event: MessageEvent<ToDatasetPanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': return init(message);
    case 'untrusted':
      $.status.textContent = message.message;
      $.status.dataset.error = 'untrusted';
      return;
    case 'rows':
      if (current(message.version)) rows.receive(message.rows);
      return;
    case 'searchResult':
      if (!current(message.version)) {
        $.count.textContent = '';
        return;
      }
      matches = message.lines;
      matchSet = new Set(matches);
      matchAt = -1;
      if (matches.length) step(1);
      showCount(message.truncated);
      return rows.refresh();
    case 'saved':
      dataset = message.dataset;
      edits.clear(dataset.version);
      stale = false;
      rows.setCount(dataset.rows);
      rows.invalidate();
      changed();
      statsLoaded = false;
      $.status.textContent = format(strings!.saved, message.result.changed, message.result.deleted);
      showInfo();
      return select(selected);
    case 'reloaded': return reloaded(message);
    case 'reload': return reload();
    case 'stats':
      if (!current(message.version)) {
        statsLoaded = false;
        return;
      }
      $.statsSummary.textContent = [format(strings!.records, message.stats.records), format(strings!.duplicates, message.stats.exactDuplicates),
        format(strings!.fertility, message.stats.fertility === null ? strings!.none : message.stats.fertility.toFixed(2))].join(' · ');
      return drawStats(message.stats, strings!);
    case 'preview':
      if (current(message.version)) showPreview(message.line, message.preview);
      return;
    case 'reveal': return select(message.line);
    case 'error':
      if (message.about === 'preview') {
        $.previewTokens.replaceChildren();
        $.previewTitle.textContent = message.message;
        return;
      }
      if (message.about === 'search') $.count.textContent = '';
      if (message.about === 'reload') reloading = undefined;
      if (message.about === 'save' && message.changed) markStale();
      if (message.about === 'save' || message.about === 'reload') changed();
      $.status.textContent = message.message;
      $.status.dataset.error = message.about;
  }
});

$.viewport.addEventListener('click', (event) => {
  const row = (event.target as HTMLElement).closest<HTMLElement>('.row');
  if (row) select(Number(row.dataset.line));
  $.viewport.focus();
});
$.viewport.addEventListener('dblclick', () => startEdit());
$.viewport.addEventListener('keydown', (event) => {
  const page = Math.max(1, Math.floor($.viewport.clientHeight / ROW_HEIGHT) - 1);
  const moves: Record<string, number> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1, PageDown: page, PageUp: -page };
  if (event.key in moves) select(selected + moves[event.key]);
  else if (event.key === 'Home') select(0);
  else if (event.key === 'End') select((dataset?.rows ?? 1) - 1);
  else if (event.key === 'Enter') startEdit();
  else if (event.key === 'Delete') toggleDelete(selected);
  else if (event.key === 'o') openText();
  else return;
  event.preventDefault();
});
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
    event.preventDefault();
    save();
  } else if (event.key === '/' && document.activeElement !== $.search && document.activeElement !== $.editor) {
    event.preventDefault();
    showTab(false);
    $.search.focus();
  }
});
$.search.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') return $.viewport.focus();
  if (event.key !== 'Enter') return;
  if (event.shiftKey) return step(-1);
  if ($.search.dataset.ran === $.search.value && matches.length) return step(1);
  runSearch();
});
$.mode.addEventListener('change', runSearch);
$.code.addEventListener('change', runSearch);
$.next.addEventListener('click', () => step(1));
$.prev.addEventListener('click', () => step(-1));
$.save.addEventListener('click', save);
$.revert.addEventListener('click', () => {
  edits.clear();
  changed();
});
$.reload.addEventListener('click', () => reload());
$.accept.addEventListener('click', acceptEdit);
$.cancelEdit.addEventListener('click', stopEdit);
$.remove.addEventListener('click', () => toggleDelete(editing ?? selected));
$.editor.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') stopEdit();
  else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) acceptEdit();
  else return;
  event.preventDefault();
});
$.rowsTab.addEventListener('click', () => showTab(false));
$.statsTab.addEventListener('click', () => showTab(true));

post({ type: 'ready' });
