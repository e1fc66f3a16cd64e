/** Rows of an indexed dataset with the diagnostic codes of each line, as the dataset panel shows them. */
import { DiagnosticCodes, type DatasetRow } from '../../protocol';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import { diagnoseDataset, type DatasetProblem } from '../../core/diagnostics/diagnoseDataset';
import type { DatasetIndex } from './datasetIndex';

/** The most rows one request may ask for (the panel asks for a screenful or two). */
export const MAX_ROWS_PER_REQUEST = 2000;

/** Problems of one line, checked as a record of `kind` (blank lines have none). */
export function lineProblems(text: string, kind: DatasetKind | undefined): DatasetProblem[] {
  if (text.trim() === '') return [];
  // Without a known kind only the line's own problems count, not the file-level "unknown kind".
  return diagnoseDataset(text, kind).problems.filter((p) => kind || p.code !== DiagnosticCodes.unknownKind);
}

/** The distinct diagnostic codes of one line. */
export function lineCodes(text: string, kind: DatasetKind | undefined): string[] {
  return [...new Set(lineProblems(text, kind).map((p) => p.code))];
}

export async function datasetRows(index: DatasetIndex, start: number, count: number): Promise<DatasetRow[]> {
  const lines = await index.read(start, Math.min(count, MAX_ROWS_PER_REQUEST));
  return lines.map(({ line, text, hash }) => ({
    line, text, hash, codes: lineCodes(text, index.kind), ...(index.source ? { source: index.position(line) } : {}),
  }));
}

/** The line's JSON value, or undefined when it is blank or does not parse. */
export function parsedRecord(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
