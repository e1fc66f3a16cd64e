/**
 * The editor gets a dataset's text already decoded, a byte that is not UTF-8 turned into U+FFFD, so the text
 * alone says "JSON syntax error" or nothing. When the text has U+FFFD, the file on disk tells which lines are
 * not valid UTF-8: each such line the editor still shows as on disk gets "not valid UTF-8" at its first bad
 * byte (the column of that U+FFFD), in place of what the decoded text's check said about that line.
 */
import { readFileSync } from 'node:fs';
import type { DatasetProblem, DiagnoseOptions } from '../../core/diagnostics/diagnoseDataset';
import { rangeInLine } from '../../core/formats/lines';
import { byteName, findInvalidUtf8 } from '../../core/formats/utf8';
import { DiagnosticCodes } from '../../protocol';

const lenient = new TextDecoder('utf-8');

/** `problems` with the lines of `file` that are not UTF-8 reported as such; unchanged when the text has no U+FFFD. */
export function withNotUtf8Lines(problems: DatasetProblem[], text: string, file: string | undefined, options: DiagnoseOptions): DatasetProblem[] {
  const severity = options.severity?.[DiagnosticCodes.jsonSyntax] ?? 'error';
  if (!file || severity === 'off' || !text.includes('\uFFFD')) return problems;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return problems; // not on disk (yet): nothing to compare with
  }
  const shown = text.split('\n');
  const found = new Map<number, DatasetProblem>();
  let start = 0;
  for (let line = 0; start <= bytes.length && line < shown.length; line++) {
    const lf = bytes.indexOf(10, start);
    const end = lf === -1 ? bytes.length : lf;
    const raw = bytes.subarray(start, end);
    start = end + 1;
    if (!shown[line].includes('\uFFFD')) continue;
    const invalid = findInvalidUtf8(raw);
    // Only a line the editor shows as it is on disk (not edited since): its columns are the file's.
    if (!invalid || lenient.decode(raw) !== shown[line]) continue;
    found.set(line, {
      code: DiagnosticCodes.jsonSyntax, severity,
      message: `Not valid UTF-8: ${byteName(invalid.byte)} (shown as U+FFFD; saving from the editor would write U+FFFD)`,
      range: rangeInLine(line, invalid.column, invalid.column + 1),
    });
  }
  if (found.size === 0) return problems;
  return [...problems.filter((p) => !found.has(p.range.start.line)), ...found.values()]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
