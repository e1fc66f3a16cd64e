/**
 * The editor gets a dataset's text already decoded, a byte that is not UTF-8 turned into U+FFFD, so the text
 * alone says "JSON syntax error" or nothing. When the text has U+FFFD, the file on disk tells which lines are
 * not valid UTF-8: each such line the editor still shows as on disk gets "not valid UTF-8" at its first bad
 * byte (the column of that U+FFFD), in place of what the decoded text's check said about that line.
 */
import { readFileSync, statSync } from 'node:fs';
import type { DatasetProblem, DiagnoseOptions } from '../../core/diagnostics/diagnoseDataset';
import { rangeInLine } from '../../core/formats/lines';
import { byteName, findInvalidUtf8 } from '../../core/formats/utf8';
import { DiagnosticCodes } from '../../protocol';

const lenient = new TextDecoder('utf-8');

interface BadLine {
  column: number;
  byte: number;
  /** The line as the editor decodes it (U+FFFD for each bad byte). */
  decoded: string;
}

/** The lines of a file that are not valid UTF-8, read once per file version (size and mtime), not per edit. */
const onDisk = new Map<string, { size: number; mtimeMs: number; lines: Map<number, BadLine> }>();

function badLinesOnDisk(file: string): Map<number, BadLine> | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return undefined; // not on disk (yet): nothing to compare with
  }
  const cached = onDisk.get(file);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.lines;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const lines = new Map<number, BadLine>();
  for (let line = 0, start = 0; start <= bytes.length; line++) {
    const lf = bytes.indexOf(10, start);
    const end = lf === -1 ? bytes.length : lf;
    const raw = bytes.subarray(start, end);
    start = end + 1;
    const invalid = findInvalidUtf8(raw);
    if (invalid) lines.set(line, { column: invalid.column, byte: invalid.byte, decoded: lenient.decode(raw).replace(/\r$/, '') });
  }
  onDisk.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, lines });
  return lines;
}

/**
 * `problems` with the lines of `file` that are not UTF-8 reported as such; unchanged when the text has no U+FFFD.
 * `lineText` gives the editor's text of one line (only the lines bad on disk are asked for).
 */
export function withNotUtf8Lines(problems: DatasetProblem[], text: string, lineText: (line: number) => string, file: string | undefined, options: DiagnoseOptions): DatasetProblem[] {
  const severity = options.severity?.[DiagnosticCodes.jsonSyntax] ?? 'error';
  if (!file || severity === 'off' || !text.includes('\uFFFD')) return problems;
  const bad = badLinesOnDisk(file);
  if (!bad) return problems;
  const found = new Map<number, DatasetProblem>();
  for (const [line, invalid] of bad) {
    // Only a line the editor shows as it is on disk (not edited since): its columns are the file's.
    if (lineText(line) !== invalid.decoded) continue;
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
