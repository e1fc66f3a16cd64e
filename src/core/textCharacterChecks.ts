/**
 * Character-level checks of one JSON string field: bidi controls (Trojan Source, CVE-2021-42574),
 * zero-width characters, Persian/Urdu letter forms and presentation forms in Arabic text.
 * Characters written literally in the file are located exactly; escaped ones (\u202e) mark the whole field.
 */
import { DiagnosticCodes } from '../protocol';
import { findBidiControls, findPersianForms, findPresentationForms, findZeroWidth } from './arabic/scriptStats';
import type { JsonNode } from './jsonLine';
import type { RecordProblem, Severity } from './validateRecord';

interface CharacterCheck {
  code: string;
  severity: Severity;
  find: (text: string) => number[];
  message: (count: number) => string;
}

const CHECKS: readonly CharacterCheck[] = [
  { code: DiagnosticCodes.bidiControl, severity: 'warning', find: findBidiControls,
    message: (n) => `${n} bidirectional control character(s): they can make text display differently from what it is (Trojan Source)` },
  { code: DiagnosticCodes.zeroWidth, severity: 'warning', find: findZeroWidth,
    message: (n) => `${n} invisible zero-width character(s)` },
  { code: DiagnosticCodes.persianForms, severity: 'information', find: findPersianForms,
    message: (n) => `${n} Persian/Urdu letter form(s) (ی ک ہ ھ ۃ) in Arabic text; the "safe" normalization maps them to Arabic letters` },
  { code: DiagnosticCodes.presentationForms, severity: 'information', find: findPresentationForms,
    message: (n) => `${n} Arabic presentation form(s) (e.g. ﻻ); the "safe" normalization maps them to base letters` },
];

/** `source` is the line's text; `node` a string node within it. */
export function characterProblems(node: JsonNode, source: string): RecordProblem[] {
  const value = String(node.value);
  const raw = source.slice(node.offset, node.offset + node.length);
  const problems: RecordProblem[] = [];
  for (const check of CHECKS) {
    const count = check.find(value).length;
    if (count === 0) continue;
    const literal = check.find(raw);
    const ranges = literal.length === count
      ? literal.map((i) => [node.offset + i, node.offset + i + 1])
      : [[node.offset, node.offset + node.length]];
    for (const [startCol, endCol] of ranges) {
      problems.push({ code: check.code, severity: check.severity, message: check.message(count), startCol, endCol });
    }
  }
  return problems;
}
