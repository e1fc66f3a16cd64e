/**
 * A dataset file in any format as the lines the JSONL code reads, streamed: a JSONL file's own lines (blank ones
 * included, so positions are the file's lines), and for CSV, Parquet and JSON one line per record: its JSON
 * rendering, or for a record that cannot be read the record view's `NAME:LINE:COLUMN: reason` line (not JSON,
 * so line-by-line code counts it as a syntax error, as the dataset panel does).
 */
import * as path from 'node:path';
import { readLineBuffers } from './readLineBuffers';
import { datasetFormatOf, type DatasetFormat } from '../../core/formats/datasetFiles';
import { findInvalidUtf8 } from '../../core/formats/utf8';
import { notUtf8, readRecords, type SourceRecord } from './readRecords';

/** The format the panel reads a file as: by extension, and JSONL for any other name (the panel's old behaviour). */
export function viewFormatOf(file: string): DatasetFormat {
  return datasetFormatOf(file) ?? 'jsonl';
}

/** The cache line of one source record: the record as JSON, or `NAME:LINE:COLUMN: reason` when unreadable. */
export function recordLine(file: string, source: SourceRecord): string {
  if (source.record) return JSON.stringify(source.record);
  const reason = (source.error?.message ?? 'unreadable record').replace(/[\r\n]+/g, ' ');
  return `${path.basename(file)}:${source.line}:${source.error?.column ?? 1}: ${reason}`;
}

export interface RecordLine {
  /** The line without its LF (a JSONL line keeps a CR before it), or the record's JSON rendering. */
  text: string;
  /** 1-based: the JSONL line; the CSV or JSON line where the record starts; the Parquet row. */
  line: number;
  /** Set for a CSV, Parquet or JSON record that cannot be read, or a JSONL line that is not UTF-8: the reason and 1-based column. */
  error?: SourceRecord['error'];
}

/** The lines of `file`, read as `format` (by default by its extension, JSONL for any other name). */
export async function* recordLines(file: string, format: DatasetFormat = viewFormatOf(file)): AsyncGenerator<RecordLine> {
  if (format === 'jsonl') {
    let line = 0;
    for await (const raw of readLineBuffers(file)) {
      const invalid = findInvalidUtf8(raw);
      yield { text: raw.toString('utf8'), line: ++line, ...(invalid ? { error: notUtf8(invalid) } : {}) };
    }
    return;
  }
  for await (const source of readRecords(file, { format })) {
    yield { text: recordLine(file, source), line: source.line, ...(source.error ? { error: source.error } : {}) };
  }
}
