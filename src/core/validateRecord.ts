/**
 * Checks one parsed record against the fields its dataset kind needs, then the text of those fields.
 * Works on the parsed value only (no position tree: building one for every line is what makes large files
 * slow); each problem names the JSON path it is about, and locateProblems turns paths into columns.
 */
import { DiagnosticCodes } from '../protocol';
import { arabicTextProblems, type ArabicTextOptions } from './arabicTextChecks';
import { kindSpec, type DatasetKind } from './datasetKinds';
import { isPlainObject, recordFields, type JsonPath, type RecordField } from './recordFields';
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
    const found = [...characterProblems(field), ...arabicTextProblems(field, options)];
    problems.push(...(field.turn ? found.map((p) => ({ ...p, message: `${field.turn}: ${p.message}` })) : found));
  }
  return problems;
}

function structureProblems(kind: DatasetKind, record: Record<string, unknown>): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const field of kindSpec(kind).required) {
    if (!(field in record)) {
      problems.push(problem(DiagnosticCodes.missingField, 'error', `Missing field "${field}" required by ${kindSpec(kind).label} records`, []));
    }
  }
  for (const [field, value] of Object.entries(record)) {
    if (kind === 'chat' && field === 'messages') problems.push(...checkTurns(field, value, 'role', 'content', CHAT_ROLES));
    else if (kind === 'sharegpt' && field === 'conversations') problems.push(...checkTurns(field, value, 'from', 'value', SHAREGPT_ROLES));
    else if (kind === 'ranked' && field === 'responses') problems.push(...checkResponses(value));
    else if ((kind === 'preference' || kind === 'ranked') && (field === 'chosen' || field === 'rejected' || field === 'prompt')) {
      problems.push(...(Array.isArray(value) ? checkTurns(field, value, 'role', 'content', CHAT_ROLES) : checkText(field, value, [field])));
    } else if (kindSpec(kind).required.includes(field)) problems.push(...checkText(field, value, [field]));
  }
  return problems;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function checkText(field: string, value: unknown, path: JsonPath): RecordProblem[] {
  if (typeof value !== 'string') {
    if (typeof value === 'number' || typeof value === 'boolean') return [];
    return [problem(DiagnosticCodes.wrongType, 'error', `Field "${field}" must be text, not ${typeName(value)}`, path)];
  }
  if (value.trim() === '') {
    const what = value === '' ? 'empty' : 'only whitespace';
    return [problem(DiagnosticCodes.emptyField, 'error', `Field "${field}" is ${what}`, path)];
  }
  return [];
}

function checkResponses(list: unknown): RecordProblem[] {
  if (!Array.isArray(list)) return [problem(DiagnosticCodes.wrongType, 'error', 'Expected a list of responses', ['responses'])];
  if (list.length < 2) return [problem(DiagnosticCodes.emptyField, 'error', 'A ranked record needs at least two responses', ['responses'])];
  return list.flatMap((response: unknown, i) =>
    checkText('responses', response, ['responses', i]).map((p) => ({ ...p, message: `Response ${i + 1}: ${p.message}` })));
}

function checkTurns(field: string, list: unknown, roleKey: string, textKey: string, roles: Set<string>): RecordProblem[] {
  if (!Array.isArray(list)) return [problem(DiagnosticCodes.wrongType, 'error', 'Expected a list of turns', [field])];
  if (list.length === 0) return [problem(DiagnosticCodes.emptyField, 'error', 'The conversation has no turns', [field])];
  const problems: RecordProblem[] = [];
  list.forEach((turn: unknown, i) => {
    const at: JsonPath = [field, i];
    if (!isPlainObject(turn)) {
      problems.push(problem(DiagnosticCodes.wrongType, 'error', `Turn ${i + 1} must be an object`, at));
      return;
    }
    if (!(roleKey in turn)) problems.push(problem(DiagnosticCodes.missingField, 'error', `Turn ${i + 1} has no "${roleKey}"`, at));
    else if (!roles.has(String(turn[roleKey]))) {
      problems.push(problem(DiagnosticCodes.wrongType, 'warning',
        `Turn ${i + 1} has an unknown ${roleKey} "${turn[roleKey]}" (expected ${[...roles].join(', ')})`, [...at, roleKey]));
    }
    if (!(textKey in turn)) problems.push(problem(DiagnosticCodes.missingField, 'error', `Turn ${i + 1} has no "${textKey}"`, at));
    else problems.push(...checkText(textKey, turn[textKey], [...at, textKey]).map((p) => ({ ...p, message: `Turn ${i + 1}: ${p.message}` })));
  });
  return problems;
}

export function problem(code: string, severity: Severity, message: string, path: JsonPath): RecordProblem {
  return { code, severity, message, path };
}
