/**
 * Writes records as JSONL or Parquet into a temporary file renamed over the target at the end, so a failed
 * or cancelled write never leaves a partial file. Parquet columns are fixed up front (pass them, or let
 * `recordColumns` collect them in a first pass); values that are not scalars are stored as JSON.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { datasetFormatOf } from '../../core/formats/datasetFiles';
import { outputWriteError } from '../shared/writeFailure';

export type OutputFormat = 'jsonl' | 'parquet';

export function outputFormatOf(file: string): OutputFormat {
  const format = datasetFormatOf(file);
  if (format === 'parquet' || format === 'jsonl') return format;
  throw new Error(`${file}: records are written as .jsonl or .parquet`);
}

export async function writeRecords(
  target: string,
  records: AsyncIterable<Record<string, unknown>>,
  options: { format?: OutputFormat; columns?: string[] } = {},
): Promise<number> {
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    const count = (options.format ?? outputFormatOf(target)) === 'parquet'
      ? await writeParquet(temp, records, options.columns)
      : await writeJsonl(temp, records);
    renameSync(temp, target);
    return count;
  } catch (error) {
    rmSync(temp, { force: true });
    throw outputWriteError(error, target);
  }
}

async function writeJsonl(file: string, records: AsyncIterable<Record<string, unknown>>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  try {
    for await (const record of records) {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
      count++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}

/** Column names in order of first appearance over all records. */
export async function recordColumns(records: AsyncIterable<Record<string, unknown>>): Promise<string[]> {
  const seen = new Set<string>();
  for await (const record of records) for (const key of Object.keys(record)) seen.add(key);
  return [...seen];
}

async function writeParquet(file: string, records: AsyncIterable<Record<string, unknown>>, columns?: string[]): Promise<number> {
  if (!columns?.length) throw new Error('writing Parquet needs the column names (recordColumns)');
  const { fileWriter, parquetWriteRows } = await import('hyparquet-writer');
  const types = new Map<string, 'STRING' | 'JSON' | 'DOUBLE' | 'BOOLEAN'>();
  const buffered: Record<string, unknown>[] = [];
  const iterator = records[Symbol.asyncIterator]();
  // The first rows decide each column's type: text, number, boolean, or JSON for anything nested or mixed.
  let ended = false;
  while (buffered.length < 1000 && !ended) {
    const next = await iterator.next();
    if (next.done) ended = true;
    else buffered.push(next.value);
  }
  for (const name of columns) types.set(name, columnType(buffered.map((r) => r[name])));
  let count = 0;
  const rows = async function* () {
    const shape = (record: Record<string, unknown>) => {
      count++;
      const row: Record<string, unknown> = {};
      for (const name of columns) row[name] = cell(record[name], types.get(name)!);
      return row;
    };
    for (const record of buffered) yield shape(record);
    if (!ended) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield shape(next.value);
  };
  await parquetWriteRows({ writer: fileWriter(file), rows: rows(), columns: columns.map((name) => ({ name, type: types.get(name) })) });
  return count;
}

function columnType(values: unknown[]): 'STRING' | 'JSON' | 'DOUBLE' | 'BOOLEAN' {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length && present.every((v) => typeof v === 'string')) return 'STRING';
  if (present.length && present.every((v) => typeof v === 'number')) return 'DOUBLE';
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  return 'JSON';
}

function cell(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'STRING' && typeof value !== 'string') return JSON.stringify(value);
  if (type === 'DOUBLE' && typeof value !== 'number') return null;
  if (type === 'BOOLEAN' && typeof value !== 'boolean') return null;
  return value;
}
