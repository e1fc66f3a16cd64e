/**
 * Checks one parsed record against the fields its dataset kind needs, then the text of those fields.
 * Works on the parsed value only (no position tree: building one for every line is what makes large files
 * slow); each problem names the JSON path it is about, and locateProblems turns paths into columns.
 */
import { DiagnosticCodes } from '../../protocol';
import { arabicTextProblems, type ArabicTextOptions } from './arabicTextChecks';
import { kindSpec, type DatasetKind } from '../datasets/datasetKinds';
import { isPlainObject, recordFields, type JsonPath, type RecordField } from '../datasets/recordFields';
import { characterProblems } from './textCharacterChecks';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RecordProblem {
  code: string;
  severity: Severity;
  message: string;
  /** The value the problem is about; [] is the record itself. */
  path: JsonPath;
  /**
   * Ranges [start, end) within the source text of that value, when they can be found there (characters
   * written literally); undefined: the whole value.
   */
  within?: (source: string) => Array<[number, number]> | undefined;
}

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const SHAREGPT_ROLES = new Set(['system', 'human', 'gpt', 'user', 'assistant', 'function_call', 'observation']);

/** `fields`: recordFields(kind, value), when the caller has them already. */
export function validateRecord(kind: DatasetKind, value: unknown, options: ArabicTextOptions = {}, fields?: RecordField[]): RecordProblem[] {
  if (!isPlainObject(value)) return [problem(DiagnosticCodes.notAnObject, 'error', 'A record must be a JSON object', [])];
  const problems = structureProblems(kind, value);
  for (const field of fields ?? recordFields(kind, value)) {
    for (const found of [characterProblems(field), arabicTextProblems(field, options)]) {
      for (const p of found) problems.push(field.turn ? { ...p, message: `${field.turn}: ${p.message}` } : p);
    }
  }
  return problems;
}

function structureProblems(kind: DatasetKind, record: Record<string, unknown>): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const spec = kindSpec(kind);
  for (const field of spec.required) {
    if (!(field in record)) {
      problems.push(problem(DiagnosticCodes.missingField, 'error', `Missing field "${field}" required by ${spec.label} records`, []));
    }
  }
  // Written for the common case of a record without problems: no array is made unless a problem is.
  for (const field in record) {
    const value = record[field];
    if (kind === 'chat' && field === 'messages') checkTurns(problems, field, value, 'role', 'content', CHAT_ROLES);
    else if (kind === 'sharegpt' && field === 'conversations') checkTurns(problems, field, value, 'from', 'value', SHAREGPT_ROLES);
    else if (kind === 'ranked' && field === 'responses') checkResponses(problems, value);
    else if ((kind === 'preference' || kind === 'ranked') && (field === 'chosen' || field === 'rejected' || field === 'prompt')) {
      if (Array.isArray(value)) checkTurns(problems, field, value, 'role', 'content', CHAT_ROLES);
      else addTextProblem(problems, field, value, () => [field]);
    } else if (spec.required.includes(field)) addTextProblem(problems, field, value, () => [field]);
  }
  return problems;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A problem with a field expected to hold text, `prefix` before its message. */
function addTextProblem(problems: RecordProblem[], field: string, value: unknown, path: () => JsonPath, prefix = ''): void {
  if (typeof value !== 'string') {
    if (typeof value === 'number' || typeof value === 'boolean') return;
    problems.push(problem(DiagnosticCodes.wrongType, 'error', `${prefix}Field "${field}" must be text, not ${typeName(value)}`, path()));
  } else if (value.trim() === '') {
    const what = value === '' ? 'empty' : 'only whitespace';
    problems.push(problem(DiagnosticCodes.emptyField, 'error', `${prefix}Field "${field}" is ${what}`, path()));
  }
}

function checkResponses(problems: RecordProblem[], list: unknown): void {
  if (!Array.isArray(list)) problems.push(problem(DiagnosticCodes.wrongType, 'error', 'Expected a list of responses', ['responses']));
  else if (list.length < 2) problems.push(problem(DiagnosticCodes.emptyField, 'error', 'A ranked record needs at least two responses', ['responses']));
  else list.forEach((response: unknown, i) => addTextProblem(problems, 'responses', response, () => ['responses', i], `Response ${i + 1}: `));
}

function checkTurns(problems: RecordProblem[], field: string, list: unknown, roleKey: string, textKey: string, roles: Set<string>): void {
  if (!Array.isArray(list)) {
    problems.push(problem(DiagnosticCodes.wrongType, 'error', 'Expected a list of turns', [field]));
    return;
  }
  if (list.length === 0) {
    problems.push(problem(DiagnosticCodes.emptyField, 'error', 'The conversation has no turns', [field]));
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const turn: unknown = list[i];
    if (!isPlainObject(turn)) {
      problems.push(problem(DiagnosticCodes.wrongType, 'error', `Turn ${i + 1} must be an object`, [field, i]));
      continue;
    }
    if (!(roleKey in turn)) problems.push(problem(DiagnosticCodes.missingField, 'error', `Turn ${i + 1} has no "${roleKey}"`, [field, i]));
    else if (!roles.has(String(turn[roleKey]))) {
      problems.push(problem(DiagnosticCodes.wrongType, 'warning',
        `Turn ${i + 1} has an unknown ${roleKey} "${turn[roleKey]}" (expected ${[...roles].join(', ')})`, [field, i, roleKey]));
    }
    if (!(textKey in turn)) problems.push(problem(DiagnosticCodes.missingField, 'error', `Turn ${i + 1} has no "${textKey}"`, [field, i]));
    else addTextProblem(problems, textKey, turn[textKey], () => [field, i, textKey], `Turn ${i + 1}: `);
  }
}

export function problem(code: string, severity: Severity, message: string, path: JsonPath): RecordProblem {
  return { code, severity, message, path };
}
