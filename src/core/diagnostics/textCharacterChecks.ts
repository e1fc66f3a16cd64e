/**
 * Character-level checks of one text field: bidi controls (Trojan Source, CVE-2021-42574), zero-width
 * characters, Persian/Urdu letter forms and presentation forms in Arabic text.
 * Characters written literally in the file are located exactly; escaped ones (\u202e) mark the whole field.
 */
import { DiagnosticCodes } from '../../protocol';
import { findBidiControls, findPersianForms, findPresentationForms, findZeroWidth } from '../arabic/scriptStats';
import type { RecordField } from '../datasets/recordFields';
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

/** Every character any check looks for; a text without one needs no check (the common case, kept cheap). */
const ANY_CHECKED = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u06A9\u06BE\u06C1\u06C3\u06CC\uFB50-\uFDFF\uFE70-\uFEFF]/;

export function characterProblems(field: RecordField): RecordProblem[] {
  if (!ANY_CHECKED.test(field.text)) return [];
  const problems: RecordProblem[] = [];
  for (const check of CHECKS) {
    const count = check.find(field.text).length;
    if (count === 0) continue;
    problems.push({
      code: check.code, severity: check.severity, message: check.message(count), path: field.path,
      within: (source) => {
        const literal = check.find(source);
        return literal.length === count ? literal.map((i) => [i, i + 1]) : undefined;
      },
    });
  }
  return problems;
}
