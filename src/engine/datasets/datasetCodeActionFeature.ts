/**
 * Quick fixes for dataset diagnostics (each edits only the record's string values that change), "Open in
 * Dataset Panel" for the record under the cursor, and the source action "Normalize all records (safe)".
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { normalizeArabic } from '../../core/arabic/normalize';
import { iterateLines } from '../../core/formats/lines';
import { recordColumns } from '../../core/diagnostics/locateProblems';
import { detectMojibake } from '../../core/diagnostics/mojibake';
import { stringValueEdits, type LineEdit } from '../../core/datasets/recordEdits';
import { DiagnosticCodes } from '../../protocol';
import { DIAGNOSTIC_SOURCE, lineText } from './datasetDiagnostics';

export const OPEN_DATASET_PANEL_COMMAND = 'arabicLLM.openDatasetPanel';
export const NORMALIZE_ALL_KIND = `${CodeActionKind.Source}.arabicLLM.normalizeSafe`;

const safe = (s: string) => normalizeArabic(s, 'safe');
const withoutControls = (s: string) => normalizeArabic(s, { removeBidiControls: true, removeZeroWidth: true });
const repairMojibake = (s: string) => detectMojibake(s)?.repaired ?? s;

interface Fix {
  title: string;
  edits(line: string, diagnostic: Diagnostic): LineEdit[];
}

const normalizeRecord: Fix = { title: 'Normalize this record (safe)', edits: (line) => stringValueEdits(line, safe) };
const removeControls: Fix = { title: 'Remove control characters', edits: (line) => stringValueEdits(line, withoutControls) };

const FIXES: Readonly<Record<string, Fix>> = {
  [DiagnosticCodes.mojibake]: {
    title: 'Repair mojibake',
    edits: (line, d) => stringValueEdits(line, repairMojibake, [d.range.start.character, d.range.end.character]),
  },
  [DiagnosticCodes.bidiControl]: removeControls,
  [DiagnosticCodes.zeroWidth]: removeControls,
  [DiagnosticCodes.persianForms]: normalizeRecord,
  [DiagnosticCodes.presentationForms]: normalizeRecord,
  [DiagnosticCodes.inconsistentNormalization]: normalizeRecord,
  [DiagnosticCodes.exactDuplicate]: {
    title: 'Delete this duplicate record',
    edits: (line) => [{ startCol: 0, endCol: line.length, newText: '' }], // the line break goes below
  },
};

const wants = (only: string[] | undefined, kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));

export function datasetCodeActions(document: TextDocument, params: CodeActionParams): CodeAction[] {
  const { only } = params.context;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) actions.push(...quickFixes(document, params.context.diagnostics));
  const line = params.range.start.line;
  if (!only && recordColumns(lineText(document, line))[1] > 0) {
    actions.push({ title: 'Open in Dataset Panel', command: { title: 'Open in Dataset Panel', command: OPEN_DATASET_PANEL_COMMAND, arguments: [document.uri, line] } });
  }
  // The whole-file edit is only computed when a source action is asked for (not on every cursor move).
  if (only && wants(only, NORMALIZE_ALL_KIND)) {
    const action = normalizeAll(document);
    if (action) actions.push(action);
  }
  return actions;
}

function quickFixes(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const byKey = new Map<string, CodeAction>();
  for (const d of diagnostics) {
    const fix = d.source === DIAGNOSTIC_SOURCE ? FIXES[String(d.code)] : undefined;
    if (!fix) continue;
    const line = d.range.start.line;
    const key = `${fix.title}@${line}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.diagnostics!.push(d);
      continue;
    }
    const text = lineText(document, line);
    const edits = fix.edits(text, d).map((e) => toTextEdit(line, e));
    if (d.code === DiagnosticCodes.exactDuplicate) edits[0].range.end = { line: line + 1, character: 0 };
    if (edits.length === 0) continue;
    byKey.set(key, {
      title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true,
      edit: { changes: { [document.uri]: edits } },
    });
  }
  return [...byKey.values()];
}

function normalizeAll(document: TextDocument): CodeAction | undefined {
  const edits: TextEdit[] = [];
  for (const line of iterateLines(document.getText())) {
    for (const e of stringValueEdits(line.text, safe)) edits.push(toTextEdit(line.index, e));
  }
  if (edits.length === 0) return undefined;
  return { title: 'Normalize all records (safe)', kind: NORMALIZE_ALL_KIND, edit: { changes: { [document.uri]: edits } } };
}

function toTextEdit(line: number, edit: LineEdit): TextEdit {
  return { range: { start: { line, character: edit.startCol }, end: { line, character: edit.endCol } }, newText: edit.newText };
}
