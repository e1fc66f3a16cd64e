/**
 * Validates a dataset file of any size, streaming: the lines go through the editor's DatasetChecker in batches,
 * and exact duplicates are found across the whole file with a compact key table (no record text is kept).
 * A JSONL file gets the problems the editor shows for it. A CSV, Parquet or JSON file's records are checked as
 * their JSON renderings (formats/recordLines.ts); each problem is at the record's source line (CSV, JSON) or row
 * (Parquet), column 1, naming the field it is in, and a record that cannot be read is an error there.
 */
import { findNodeAtOffset, getNodePath, parseTree } from 'jsonc-parser';
import { dedupKeyWords, recordTexts } from '../../core/curation/dedupKey';
import { KeyTable } from '../../core/curation/dedupKeyTable';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import {
  DatasetChecker, duplicateProblem, type DatasetProblem, type DiagnoseOptions, type RecordPlace,
} from '../../core/diagnostics/diagnoseDataset';
import { rangeInLine } from '../../core/formats/lines';
import { recordColumns } from '../../core/diagnostics/locateProblems';
import { DiagnosticCodes } from '../../protocol';
import { datasetFileKind } from './datasetStatsFile';
import { recordLines, viewFormatOf, type RecordLine } from '../formats/recordLines';
import { keyPathText } from '../runs/runConfigSchema';

const BATCH_LINES = 20_000;

export interface FileValidation {
  kind: DatasetKind | undefined;
  records: number;
  problems: number;
  errors: number;
}

/** Calls `report` for each problem, in line order; a duplicate is reported at its copy, pointing at the first. */
export async function validateFile(
  file: string, report: (problem: DatasetProblem) => void, kindOverride?: DatasetKind, options: DiagnoseOptions = {},
): Promise<FileValidation> {
  const format = viewFormatOf(file);
  const jsonl = format === 'jsonl';
  const kind = kindOverride ?? (await datasetFileKind(file));
  const checker = new DatasetChecker({ ...options, severity: { ...options.severity, [DiagnosticCodes.exactDuplicate]: 'off' } });
  const duplicatesOn = options.severity?.[DiagnosticCodes.exactDuplicate] !== 'off';
  const firstCopies = new KeyTable(4);
  const places = new RecordPlaces(jsonl);
  const result: FileValidation = { kind, records: 0, problems: 0, errors: 0 };
  let pending: DatasetProblem[] = [];
  const emit = (problem: DatasetProblem) => pending.push(problem);

  // The batch's lines (an unreadable record is a blank line: not a record) and each one's zero-based source line.
  let batch: string[] = [];
  let sourceLines: number[] = [];
  let batchStart = 0;
  let unknownKindReported = false;
  const placed = (p: DatasetProblem) => {
    const i = p.range.start.line;
    return jsonl ? shiftLines(p, batchStart) : atRecord(p, sourceLines[i], batch[i]);
  };
  const flush = () => {
    const diagnosis = checker.check(batch.join('\n'), kind);
    result.records += diagnosis.records;
    for (const p of diagnosis.problems) {
      if (p.code === DiagnosticCodes.unknownKind) {
        if (unknownKindReported) continue; // once per file, not once per batch
        unknownKindReported = true;
      }
      emit(placed(p));
    }
    if (duplicatesOn && kind) findDuplicates();
    pending.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const problem of pending) {
      result.problems++;
      if (problem.severity === 'error') result.errors++;
      report(problem);
    }
    pending = [];
    batchStart += batch.length;
    batch = [];
    sourceLines = [];
  };
  const findDuplicates = () => {
    const key = new Uint32Array(4);
    batch.forEach((text, i) => {
      let value: unknown;
      try {
        value = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        return;
      }
      if (!recordTexts(value).some((t) => t.trim() !== '')) return;
      const index = batchStart + i;
      places.set(index, sourceLines[i], text);
      const first = firstCopies.getOrInsert(dedupKeyWords(value, key), index);
      if (first >= 0) emit(duplicateProblem(places.get(index), places.get(first), format === 'parquet' ? 'row' : 'line'));
    });
  };
  const unreadable = unreadableProblem(options, jsonl ? 'line' : 'record');

  for await (const record of recordLines(file, format)) {
    if (record.error) {
      batch.push('');
      const problem = unreadable(record);
      if (problem) emit(problem);
    } else batch.push(record.text);
    sourceLines.push(record.line - 1);
    if (batch.length >= BATCH_LINES) flush();
  }
  if (batch.length) flush();
  return result;
}

/**
 * Where each record is, so a copy can point at its first copy: a JSONL record's columns on its line
 * (2 × 4 bytes a line), another format's zero-based source line (4 bytes a record).
 */
class RecordPlaces {
  private values = new Uint32Array(65_536);
  private readonly stride: number;

  constructor(private readonly jsonl: boolean) {
    this.stride = jsonl ? 2 : 1;
  }

  set(index: number, sourceLine: number, text: string): void {
    const at = index * this.stride;
    if (at + this.stride > this.values.length) {
      const grown = new Uint32Array(Math.max(this.values.length * 2, at + this.stride));
      grown.set(this.values);
      this.values = grown;
    }
    if (this.jsonl) this.values.set(recordColumns(text), at);
    else this.values[at] = sourceLine;
  }

  get(index: number): RecordPlace {
    const at = index * this.stride;
    return this.jsonl ? { line: index, columns: [this.values[at], this.values[at + 1]] } : { line: this.values[at], columns: [0, 0] };
  }
}

function shiftLines(problem: DatasetProblem, by: number): DatasetProblem {
  const shift = (range: DatasetProblem['range']) => ({
    start: { line: range.start.line + by, character: range.start.character },
    end: { line: range.end.line + by, character: range.end.character },
  });
  return { ...problem, range: shift(problem.range), ...(problem.related ? { related: { ...problem.related, range: shift(problem.related.range) } } : {}) };
}

/**
 * A problem found in a record's JSON rendering, moved to the record's source line, column 1 (the rendering's
 * columns mean nothing in the source), naming the field it points into. The checker's only `related` is a
 * duplicate's, and duplicates are found here, so none is carried.
 */
function atRecord(problem: DatasetProblem, sourceLine: number, json: string): DatasetProblem {
  const field = fieldAt(json, problem.range.start.character);
  return {
    code: problem.code, severity: problem.severity, range: rangeInLine(sourceLine, 0, 0),
    message: field ? `${problem.message} (field ${field})` : problem.message,
  };
}

/** The path of the innermost field of a JSON text at an offset (`messages[1].content`), if it is inside one. */
function fieldAt(json: string, offset: number): string | undefined {
  const tree = parseTree(json);
  const node = tree && findNodeAtOffset(tree, offset);
  const path = node ? getNodePath(node) : [];
  return path.length ? keyPathText(path) : undefined;
}

/** ALW001 for a CSV, Parquet or JSON record the reader could not read, or a JSONL line that is not UTF-8, with the reader's message. */
function unreadableProblem(options: DiagnoseOptions, unit: 'line' | 'record'): (record: RecordLine) => DatasetProblem | undefined {
  const severity = options.severity?.[DiagnosticCodes.jsonSyntax] ?? 'error';
  return ({ line, error }) => severity === 'off' ? undefined : {
    code: DiagnosticCodes.jsonSyntax, severity, message: `Unreadable ${unit}: ${error!.message}`,
    range: rangeInLine(line - 1, error!.column - 1, error!.column - 1),
  };
}
