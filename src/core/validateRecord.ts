/** Checks one parsed record against the fields its dataset kind needs. Ranges are columns within the line. */
import { DiagnosticCodes } from '../protocol';
import { kindSpec, type DatasetKind } from './datasetKinds';
import { characterProblems } from './textCharacterChecks';
import { valueNode, type JsonNode } from './jsonLine';

export type Severity = 'error' | 'warning' | 'information';

export interface RecordProblem {
  code: string;
  severity: Severity;
  message: string;
  startCol: number;
  endCol: number;
}

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const SHAREGPT_ROLES = new Set(['system', 'human', 'gpt', 'user', 'assistant', 'function_call', 'observation']);

/** `line` is the record's source line: problems point at columns within it. */
export function validateRecord(kind: DatasetKind, value: unknown, tree: JsonNode, line: string): RecordProblem[] {
  if (tree.type !== 'object' || !value || typeof value !== 'object' || Array.isArray(value)) {
    return [problem(DiagnosticCodes.notAnObject, 'error', 'A record must be a JSON object', tree)];
  }
  const record = value as Record<string, unknown>;
  const problems: RecordProblem[] = [];
  for (const field of kindSpec(kind).required) {
    if (!(field in record)) {
      problems.push({
        code: DiagnosticCodes.missingField, severity: 'error',
        message: `Missing field "${field}" required by ${kindSpec(kind).label} records`,
        startCol: tree.offset, endCol: Math.min(line.length, tree.offset + tree.length),
      });
    }
  }
  for (const field of Object.keys(record)) {
    const node = valueNode(tree, field);
    if (!node) continue;
    if (kind === 'chat' && field === 'messages') problems.push(...checkTurns(node, 'role', 'content', CHAT_ROLES, line));
    else if (kind === 'sharegpt' && field === 'conversations') problems.push(...checkTurns(node, 'from', 'value', SHAREGPT_ROLES, line));
    else if (kind === 'preference' && (field === 'chosen' || field === 'rejected' || field === 'prompt')) {
      problems.push(...(node.type === 'array' ? checkTurns(node, 'role', 'content', CHAT_ROLES, line) : checkText(field, node, line)));
    } else if (kindSpec(kind).required.includes(field)) problems.push(...checkText(field, node, line));
  }
  return problems;
}

function checkText(field: string, node: JsonNode, line: string): RecordProblem[] {
  if (node.type !== 'string') {
    if (node.type === 'number' || node.type === 'boolean') return [];
    return [problem(DiagnosticCodes.wrongType, 'error', `Field "${field}" must be text, not ${node.type}`, node)];
  }
  if (String(node.value).trim() === '') {
    const what = node.value === '' ? 'empty' : 'only whitespace';
    return [problem(DiagnosticCodes.emptyField, 'error', `Field "${field}" is ${what}`, node)];
  }
  return characterProblems(node, line);
}

function checkTurns(list: JsonNode, roleKey: string, textKey: string, roles: Set<string>, line: string): RecordProblem[] {
  if (list.type !== 'array') {
    return [problem(DiagnosticCodes.wrongType, 'error', 'Expected a list of turns', list)];
  }
  const turns = list.children ?? [];
  if (turns.length === 0) return [problem(DiagnosticCodes.emptyField, 'error', 'The conversation has no turns', list)];
  const problems: RecordProblem[] = [];
  turns.forEach((turn, i) => {
    if (turn.type !== 'object') {
      problems.push(problem(DiagnosticCodes.wrongType, 'error', `Turn ${i + 1} must be an object`, turn));
      return;
    }
    const role = valueNode(turn, roleKey);
    if (!role) problems.push(problem(DiagnosticCodes.missingField, 'error', `Turn ${i + 1} has no "${roleKey}"`, turn));
    else if (!roles.has(String(role.value))) {
      problems.push(problem(DiagnosticCodes.wrongType, 'warning',
        `Turn ${i + 1} has an unknown ${roleKey} "${role.value}" (expected ${[...roles].join(', ')})`, role));
    }
    const text = valueNode(turn, textKey);
    if (!text) problems.push(problem(DiagnosticCodes.missingField, 'error', `Turn ${i + 1} has no "${textKey}"`, turn));
    else problems.push(...checkText(textKey, text, line).map((p) => ({ ...p, message: `Turn ${i + 1}: ${p.message}` })));
  });
  return problems;
}

function problem(code: string, severity: Severity, message: string, node: JsonNode): RecordProblem {
  return { code, severity, message, startCol: node.offset, endCol: node.offset + node.length };
}
