/**
 * What the editor shows for a dataset document, whichever host checks it: the engine (LSP) or, in an untrusted
 * workspace, the extension host itself. Both say which documents they check and turn the checker's problems
 * into diagnostics here, so the two show the same codes, messages, ranges and severities.
 */
import type { Range } from '../formats/lines';
import type { DatasetKind } from '../datasets/datasetKinds';
import type { DatasetChecker, DatasetDiagnosis, DatasetProblem } from './diagnoseDataset';
import type { Severity } from './validateRecord';
import { LABELS_JOURNAL_FILE } from '../preferences/labelsJournalFile';

export const DIAGNOSTIC_SOURCE = 'arabic-llm';

/** The LSP's DiagnosticSeverity values. */
export const LSP_SEVERITY: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

/** An LSP Diagnostic (the shape `textDocument/publishDiagnostics` carries). */
export interface DatasetDiagnostic {
  range: Range;
  severity: 1 | 2 | 3 | 4;
  code: string;
  source: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
}

/** Documents (by URI) that get dataset diagnostics: JSONL files, except preference labels journals. */
export function isDatasetDocument(uri: string): boolean {
  return /\.jsonl$/i.test(uri) && !LABELS_JOURNAL_FILE.test(uri.replace(/\\/g, '/'));
}

export function toDiagnostic(problem: DatasetProblem, uri: string): DatasetDiagnostic {
  return {
    range: problem.range, severity: LSP_SEVERITY[problem.severity], code: problem.code, source: DIAGNOSTIC_SOURCE,
    message: problem.message,
    ...(problem.related ? { relatedInformation: [{ location: { uri, range: problem.related.range }, message: problem.related.message }] } : {}),
  };
}

/** The offset just after the `lines`-th line break, or -1 when the text has fewer lines (no line table built). */
export function offsetAfterLines(text: string, lines: number): number {
  let offset = 0;
  for (let i = 0; i < lines; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset;
}

/**
 * The diagnosis of the text's first `lines` lines (the whole text when it has no more): what a whole-file check
 * says about those lines, since a duplicate always points back to its first copy. `uncheckedFrom` is the
 * zero-based line where the check stopped, when more than blanks follows it.
 */
export function checkFirstLines(checker: DatasetChecker, text: string, lines: number, kindOverride?: DatasetKind):
  { diagnosis: DatasetDiagnosis; uncheckedFrom?: number } {
  const end = offsetAfterLines(text, lines);
  if (end < 0 || !/\S/.test(text.slice(end))) return { diagnosis: checker.check(text, kindOverride) };
  return { diagnosis: checker.check(text.slice(0, end), kindOverride), uncheckedFrom: lines };
}
