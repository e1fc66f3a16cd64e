/**
 * The diagnostics the samples must produce, derived from the sample files' own text (see samples/README.md),
 * independently of the engine's code. Lines are 1-based here (as in the README); columns are UTF-16 offsets
 * within the line, end exclusive.
 */
import { DiagnosticCodes } from '../../src/protocol';

export interface ExpectedDiagnostic {
  line: number;
  code: string;
  start: number;
  end: number;
  why: string;
}

function lineText(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  const value = lines[line - 1];
  if (value === undefined) throw new Error(`the sample has no line ${line}`);
  return value;
}

/** The columns of `needle` in the line (the last occurrence, or the first with `first`). */
function span(text: string, line: number, needle: string, offsetInNeedle = 0, length = needle.length - offsetInNeedle, first = false) {
  const body = lineText(text, line);
  const at = first ? body.indexOf(needle) : body.lastIndexOf(needle);
  if (at < 0) throw new Error(`line ${line} does not contain ${needle}`);
  return { start: at + offsetInNeedle, end: at + offsetInNeedle + length };
}

/** The whole record (a missing top-level field is reported on the record object). */
function wholeLine(text: string, line: number) {
  const body = lineText(text, line);
  return { start: body.length - body.trimStart().length, end: body.trimEnd().length };
}

/** A record that is not closed: the error points at the end of the line. */
function endOfLine(text: string, line: number) {
  const end = lineText(text, line).trimEnd().length;
  return { start: end, end };
}

export function expectedDiagnostics(file: 'sft.jsonl' | 'preferences.jsonl' | 'pretrain.jsonl', text: string): ExpectedDiagnostic[] {
  const C = DiagnosticCodes;
  switch (file) {
    case 'sft.jsonl':
      return [
        { line: 11, code: C.missingField, ...span(text, 11, '{"role": "assistant"}'), why: 'assistant turn without "content" (the turn object)' },
        { line: 15, code: C.emptyField, ...span(text, 15, '"content": ""', '"content": '.length, 2), why: 'empty "content" (the "" value)' },
        { line: 19, code: C.jsonSyntax, ...endOfLine(text, 19), why: 'JSON syntax error: record not closed (end of line)' },
        { line: 20, code: C.missingField, ...wholeLine(text, 20), why: 'no "messages" field (the record object)' },
      ];
    case 'preferences.jsonl':
      return [
        { line: 7, code: C.emptyField, ...span(text, 7, '"rejected": ""', '"rejected": '.length, 2), why: 'empty "rejected" (the "" value)' },
        { line: 10, code: C.missingField, ...wholeLine(text, 10), why: 'no "rejected" field (the record object)' },
        { line: 12, code: C.jsonSyntax, ...endOfLine(text, 12), why: 'JSON syntax error: record not closed (end of line)' },
      ];
    case 'pretrain.jsonl':
      return [
        { line: 16, code: C.emptyField, ...span(text, 16, '"text": ""', '"text": '.length, 2), why: 'empty "text" (the "" value)' },
        { line: 22, code: C.jsonSyntax, ...endOfLine(text, 22), why: 'JSON syntax error: record not closed (end of line)' },
        { line: 31, code: C.missingField, ...wholeLine(text, 31), why: 'no "text" field (the record object)' },
        { line: 33, code: C.emptyField, ...span(text, 33, '"text": "   "', '"text": '.length, 5), why: 'whitespace-only "text" (the string value)' },
      ];
  }
}
