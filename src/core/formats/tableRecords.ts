/**
 * Turns table rows (CSV) into records: the first row is the header when it names known fields; a headerless
 * table of six columns is the translated Arabic MMLU layout `question, A, B, C, D, answer`.
 */
import { KIND_SPECS } from '../datasets/datasetKinds';

export const MMLU_COLUMNS = ['question', 'A', 'B', 'C', 'D', 'answer'] as const;

export type HeaderMode = 'auto' | 'header' | 'mmlu';

const KNOWN_FIELDS = new Set(KIND_SPECS.flatMap((spec) => spec.required).concat(['input', 'id', 'label', 'system']));

/** The column names for a table, given its first row; `header` says whether that row is a header. */
export function tableColumns(first: string[], mode: HeaderMode = 'auto'): { columns: string[]; header: boolean } {
  if (mode === 'mmlu') return { columns: [...MMLU_COLUMNS], header: false };
  const named = first.filter((f) => KNOWN_FIELDS.has(f.trim())).length;
  // One known name is enough when every cell looks like a column name and the row cannot be a headerless MMLU
  // row (whose answer cell, A-D, is itself a known field name).
  const namesOnly = first.every((f) => f.trim().length <= 64 && !/[\r\n]/.test(f));
  const header = named >= Math.min(2, first.length) || (named === 1 && namesOnly && first.length !== MMLU_COLUMNS.length);
  if (mode === 'header' || header) return { columns: first.map((f) => f.trim()), header: true };
  if (first.length === MMLU_COLUMNS.length) return { columns: [...MMLU_COLUMNS], header: false };
  throw new Error(`cannot tell the columns: the first row names no known field (${KIND_SPECS.map((s) => s.required.join('/')).join(', ')}) and it does not have the six columns of the headerless MMLU layout`);
}

export function rowRecord(columns: string[], fields: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  columns.forEach((name, i) => { record[name] = fields[i] ?? ''; });
  return record;
}
