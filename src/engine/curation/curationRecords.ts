/**
 * The one place curation operations read dataset records, streamed. JSONL comes line by line, each record
 * with its raw bytes so kept records are written back byte for byte; blank lines are skipped. CSV, Parquet and
 * JSON come through readRecords, each record as one compact JSON line (`line` is the CSV line or the row).
 * A record that cannot be read (not valid UTF-8, not JSON, not a JSON object, a CSV row with the wrong number of
 * fields) comes back with `problem` = "FILE:LINE:COLUMN: message" instead of a record.
 */
import { statSync } from 'node:fs';
import { parseJsonLine } from '../../core/formats/jsonLine';
import { byteName, findInvalidUtf8 } from '../../core/formats/utf8';
import { readRecords } from '../formats/readRecords';
import { viewFormatOf } from '../formats/recordLines';
import { readLineBuffers } from '../formats/readLineBuffers';
import type { AtomicOutput } from './atomicOutput';
import { throwIfCancelled, type OperationContext } from './operation';

export interface CurationLine {
  /** 1-based line number (Parquet: the row number). */
  line: number;
  /** JSONL: the line's bytes without a leading BOM (a CR before the LF stays); other formats: the record as JSON. */
  raw: Buffer;
  /** Bytes of the file read so far, for progress. */
  bytesRead: number;
  record?: Record<string, unknown>;
  problem?: string;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export const fileSize = (file: string) => statSync(file).size;

export async function* readCurationRecords(file: string): AsyncGenerator<CurationLine> {
  const format = viewFormatOf(file); // JSONL for any name that is not another dataset format
  if (format !== 'jsonl') {
    for await (const source of readRecords(file, { format })) {
      const bytesRead = source.bytesRead ?? 0;
      yield source.record
        ? { line: source.line, raw: Buffer.from(JSON.stringify(source.record)), bytesRead, record: source.record }
        : { line: source.line, raw: Buffer.alloc(0), bytesRead, problem: `${file}:${source.line}:${source.error!.column}: ${source.error!.message}` };
    }
    return;
  }
  let line = 0;
  let bytesRead = 0;
  for await (const buffer of readLineBuffers(file)) {
    line++;
    bytesRead += buffer.length + 1;
    const raw = buffer.subarray(0, 3).equals(BOM) ? buffer.subarray(3) : buffer;
    const invalid = findInvalidUtf8(raw);
    if (invalid) {
      yield { line, raw, bytesRead, problem: `${file}:${line}:${invalid.column + 1}: the line is not valid UTF-8 (${byteName(invalid.byte)})` };
      continue;
    }
    const text = raw.toString('utf8');
    if (text.trim() === '') continue;
    yield { line, raw, bytesRead, ...parseRecord(text, `${file}:${line}`) };
  }
}

function parseRecord(text: string, where: string): Pick<CurationLine, 'record' | 'problem'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const parsed = parseJsonLine(text);
    return { problem: parsed.ok ? `${where}:1: not valid JSON` : `${where}:${parsed.column + 1}: ${parsed.message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: `${where}:1: a record must be a JSON object` };
  return { record: value as Record<string, unknown> };
}

/**
 * The records of a file that can be read, for operations that leave the others out: cancelling and progress
 * (bytes of `total`) are handled, and each unreadable line is added to `problems`.
 */
export async function* readableRecords(file: string, context: OperationContext, problems: ProblemLines):
  AsyncGenerator<CurationLine & { record: Record<string, unknown> }> {
  const total = fileSize(file);
  for await (const line of readCurationRecords(file)) {
    throwIfCancelled(context.signal);
    context.progress(line.bytesRead, total);
    if (line.record) yield line as CurationLine & { record: Record<string, unknown> };
    else problems.add(line.problem!);
  }
}

/** Copies a line's bytes to an output: a broken JSONL line is kept as it is, a broken CSV or Parquet record has no
 * bytes to keep (it is only reported). */
export async function copyLine(out: AtomicOutput, line: CurationLine): Promise<void> {
  if (line.raw.length) await out.writeLine(line.raw);
}

/** Collects problem lines for a report: the count and the first `limit` of them. */
export class ProblemLines {
  count = 0;
  readonly listed: string[] = [];

  constructor(private readonly limit = 100) {}

  add(problem: string): void {
    this.count++;
    if (this.listed.length < this.limit) this.listed.push(problem);
  }
}
