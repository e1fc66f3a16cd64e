/**
 * Reads the records of a dataset file in any supported format, streaming: JSONL (line by line), CSV (chunk by
 * chunk, with the headerless MMLU layout), Parquet (one row group at a time) and JSON (an array of records,
 * or an object holding one; loaded whole, so use JSONL for files larger than memory).
 */
import { createReadStream, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { visit } from 'jsonc-parser';
import { CsvParser, type CsvRow } from '../../core/formats/csvParser';
import { DATASET_FORMATS, datasetFormatOf, type DatasetFormat } from '../../core/formats/datasetFiles';
import { rowRecord, tableColumns, type HeaderMode } from '../../core/formats/tableRecords';
import { parseJsonLine } from '../../core/formats/jsonLine';
import { byteName, findInvalidUtf8, type InvalidUtf8 } from '../../core/formats/utf8';
import { readLineBuffers } from './readLineBuffers';

export function formatOf(file: string): DatasetFormat {
  const format = datasetFormatOf(file);
  if (format) return format;
  throw new Error(`${file}: unknown dataset format "${path.extname(file)}" (expected ${DATASET_FORMATS.map((f) => `.${f}`).join(', ')})`);
}

export interface SourceRecord {
  /** Zero-based record index. */
  index: number;
  /** 1-based line where the record starts (JSONL, CSV, JSON); for Parquet, the row number. */
  line: number;
  record?: Record<string, unknown>;
  /** Set instead of `record` when this record cannot be read; `column` is 1-based. */
  error?: { message: string; column: number };
  /** About how many bytes of the file are read so far (for progress; CSV and Parquet: per chunk or row group). */
  bytesRead?: number;
}

export interface ReadOptions {
  format?: DatasetFormat;
  /** CSV only: whether the first row is a header (`auto` detects it; `mmlu` = headerless question,A,B,C,D,answer). */
  header?: HeaderMode;
}

export function readRecords(file: string, options: ReadOptions = {}): AsyncGenerator<SourceRecord> {
  const format = options.format ?? formatOf(file);
  if (format === 'jsonl') return readJsonl(file);
  if (format === 'csv') return readCsv(file, options.header ?? 'auto');
  if (format === 'parquet') return readParquet(file);
  return readJsonArray(file);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

async function* readJsonl(file: string): AsyncGenerator<SourceRecord> {
  let line = 0;
  let index = 0;
  let bytesRead = 0;
  for await (const raw of readLineBuffers(file)) {
    line++;
    bytesRead += raw.length + 1;
    const invalid = findInvalidUtf8(raw);
    if (invalid) {
      yield { index: index++, line, bytesRead, error: notUtf8(invalid) };
      continue;
    }
    const text = raw.toString('utf8').replace(/\r$/, '');
    if (!text.trim()) continue;
    const parsed = parseJsonLine(text);
    if (!parsed.ok) yield { index: index++, line, bytesRead, error: { message: parsed.message, column: parsed.column + 1 } };
    else if (!isRecord(parsed.value)) yield { index: index++, line, bytesRead, error: { message: 'a record must be a JSON object', column: 1 } };
    else yield { index: index++, line, bytesRead, record: parsed.value };
  }
}

/** The reader's error for bytes that are not UTF-8, at the first bad byte. */
export function notUtf8(invalid: InvalidUtf8): NonNullable<SourceRecord['error']> {
  return { message: `not valid UTF-8 (${byteName(invalid.byte)})`, column: invalid.column + 1 };
}

async function* readCsv(file: string, header: HeaderMode): AsyncGenerator<SourceRecord> {
  const parser = new CsvParser();
  const decoder = new StringDecoder('utf8');
  let columns: string[] | undefined;
  let index = 0;
  let bytesRead = 0;
  const records = function* (rows: CsvRow[]): Generator<SourceRecord> {
    for (const row of rows) {
      if (!columns) {
        const table = tableColumns(row.fields, header);
        columns = table.columns;
        if (table.header) continue;
      }
      if (row.fields.length !== columns.length) {
        yield { index: index++, line: row.line, bytesRead, error: { message: `expected ${columns.length} fields, found ${row.fields.length}`, column: 1 } };
      } else {
        yield { index: index++, line: row.line, bytesRead, record: rowRecord(columns, row.fields) };
      }
    }
  };
  for await (const chunk of createReadStream(file)) {
    bytesRead += (chunk as Buffer).length;
    yield* records(parser.push(decoder.write(chunk as Buffer)));
  }
  yield* records(parser.push(decoder.end()));
  yield* records(parser.end());
}

async function* readParquet(file: string): AsyncGenerator<SourceRecord> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const source = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(source);
  let index = 0;
  let rowStart = 0;
  const totalRows = Math.max(1, Number(metadata.num_rows));
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: source, metadata, rowStart, rowEnd });
    const bytesRead = Math.round((source.byteLength * rowEnd) / totalRows);
    for (const row of rows) yield { index, line: ++index, bytesRead, record: plainValues(row) as Record<string, unknown> };
    rowStart = rowEnd;
  }
}

/** Parquet integers may come back as BigInt; records are plain JSON values. */
function plainValues(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plainValues);
  if (value instanceof Date) return value.toISOString();
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValues(v)]));
  return value;
}

async function* readJsonArray(file: string): AsyncGenerator<SourceRecord> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    const parsed = parseJsonLine(text) as Extract<ReturnType<typeof parseJsonLine>, { ok: false }>; // for its message and position
    const at = lineColumnAt(text, parsed.column);
    const message = parsed.column >= text.trimEnd().length ? 'the file ends before its JSON is closed' : parsed.message;
    throw new Error(`${file}:${at.line}:${at.column}: invalid JSON: ${message}`);
  }
  let key: string | undefined;
  if (isRecord(items)) {
    const arrays = Object.entries(items).filter(([, value]) => Array.isArray(value));
    if (arrays.length !== 1) throw new Error(`${file}: expected an array of records, or an object holding exactly one array`);
    [key, items] = arrays[0];
  }
  if (!Array.isArray(items)) throw new Error(`${file}: expected an array of records`);
  let places: ReturnType<typeof itemPlaces>;
  try {
    places = itemPlaces(text, key);
  } catch (error) {
    // jsonc-parser's scan recurses: thousands of nested levels overflow the stack.
    if (error instanceof RangeError) throw new Error(`${file}: a record is nested too deeply (thousands of levels) to be read`);
    throw error;
  }
  const bytesRead = Buffer.byteLength(text);
  for (const [index, item] of items.entries()) {
    const { line, column } = places[index];
    if (isRecord(item)) yield { index, line, bytesRead, record: item };
    else yield { index, line, bytesRead, error: { message: 'a record must be a JSON object', column } };
  }
}

/** 1-based line and column of a UTF-16 offset. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where each item of the records array starts (1-based line and column): the top-level array, or the array
 * under `key` of the top-level object (the last one, as JSON.parse keeps it when a key is given twice). A scan
 * without a tree; the text is known to parse.
 */
function itemPlaces(text: string, key: string | undefined): Array<{ line: number; column: number }> {
  const places: Array<{ line: number; column: number }> = [];
  const itemsDepth = key === undefined ? 1 : 2;
  let depth = 0;
  let inside = false;
  let topKey: string | undefined;
  const value = (startLine: number, startCharacter: number) => {
    if (inside && depth === itemsDepth) places.push({ line: startLine + 1, column: startCharacter + 1 });
  };
  visit(text, {
    onObjectProperty: (property) => {
      if (depth === 1) topKey = property;
    },
    onObjectBegin: (_offset, _length, line, character) => {
      value(line, character);
      depth++;
    },
    onObjectEnd: () => void depth--,
    onArrayBegin: (_offset, _length, line, character) => {
      value(line, character);
      depth++;
      if (depth === itemsDepth && (key === undefined || topKey === key)) {
        inside = true;
        places.length = 0;
      }
    },
    onArrayEnd: () => {
      if (depth === itemsDepth) inside = false;
      depth--;
    },
    onLiteralValue: (_value, _offset, _length, line, character) => value(line, character),
  });
  return places;
}
