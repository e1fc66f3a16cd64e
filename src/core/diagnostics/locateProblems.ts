/** Turns record problems (JSON paths) into columns of the record's line; the position tree is built only here. */
import { findNodeAtLocation } from 'jsonc-parser';
import { parseJsonLine } from '../formats/jsonLine';
import { jsonValueRange } from './jsonValueRange';
import type { RecordProblem, Severity } from './validateRecord';

export interface LineProblem {
  code: string;
  severity: Severity;
  message: string;
  startCol: number;
  endCol: number;
}

/** `line` must be a line JSON.parse accepts (the checker calls this only for records it parsed). */
export function locateProblems(problems: readonly RecordProblem[], line: string): LineProblem[] {
  if (problems.length === 0) return [];
  let parsed: ReturnType<typeof parseJsonLine> | undefined; // the position tree, only when the scan cannot say
  const located: LineProblem[] = [];
  for (const { code, severity, message, path, within } of problems) {
    let range = jsonValueRange(line, path);
    if (!range) {
      parsed ??= parseJsonLine(line);
      const node = parsed.ok ? (path.length ? findNodeAtLocation(parsed.tree, path) : parsed.tree) ?? parsed.tree : undefined;
      range = node ? [node.offset, Math.min(line.length, node.offset + node.length)] : [0, line.length];
    }
    const [start, end] = range;
    const ranges = within?.(line.slice(start, end)) ?? [[0, end - start]];
    for (const [from, to] of ranges) located.push({ code, severity, message, startCol: start + from, endCol: start + to });
  }
  return located;
}

/** The columns of the record on a line: from its first to its last non-blank character (a BOM counts as blank). */
export function recordColumns(line: string): [number, number] {
  return [line.length - line.trimStart().length, line.trimEnd().length];
}
