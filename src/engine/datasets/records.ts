/** Reads one record of a dataset file by line, for commands that act on "the record at the cursor". */
import type { PreferencePair, ReadRecordResult } from '../../protocol';
import { kindOfRecord } from '../../core/datasets/datasetKinds';
import { preferenceFieldText, preferencePairOf } from '../../core/preferences/preferencePair';
import { iterateLines } from '../../core/formats/lines';
import { readLineBuffers } from '../formats/readLineBuffers';
import { filePathOf } from '../shared/fileUri';

/** The text of one line (zero-based): from the open document when given, else streamed from disk up to that line only. */
async function lineText(file: string, line: number, text?: string): Promise<string | undefined> {
  if (text !== undefined) {
    for (const l of iterateLines(text)) if (l.index === line) return l.text;
    return undefined;
  }
  let index = 0;
  for await (const raw of readLineBuffers(file)) {
    if (index++ === line) return raw.toString('utf8').replace(/\r$/, '');
  }
  return undefined;
}

export async function readRecord(uriOrPath: string, line: number, text?: string): Promise<ReadRecordResult> {
  const file = filePathOf(uriOrPath);
  const source = await lineText(file, line, text);
  if (source === undefined) throw new Error(`${file} has no line ${line + 1}`);
  let record: unknown;
  try {
    record = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${file}:${line + 1}: not a valid JSON record (${(error as Error).message})`);
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error(`${file}:${line + 1}: not a JSON object`);
  return { line, kind: kindOfRecord(record) ?? 'unknown', record: record as Record<string, unknown> };
}

/** The record's preference pair, or an error naming where it came from and what it lacks. */
export function preferencePair(record: Record<string, unknown>, where: string): PreferencePair {
  const pair = preferencePairOf(record);
  if (pair) return pair;
  const missing = ['chosen', 'rejected'].filter((k) => preferenceFieldText(record[k], true).trim() === '');
  throw new Error(`${where}: the preference record has no ${missing.join(', ') || 'usable responses'}`);
}
