/** Reads one record of a dataset file by line, for commands that act on "the record at the cursor". */
import { readFileSync } from 'node:fs';
import type { PreferencePair, ReadRecordResult } from '../../protocol';
import { kindOfRecord } from '../../core/datasets/datasetKinds';
import { preferenceFieldText, preferencePairOf } from '../../core/preferences/preferencePair';
import { iterateLines } from '../../core/formats/lines';
import { filePathOf } from '../shared/fileUri';

/** Kept here too for the callers that import it from this module. */
export { filePathOf };

export function readRecord(uriOrPath: string, line: number, text?: string): ReadRecordResult {
  const file = filePathOf(uriOrPath);
  const content = text ?? readFileSync(file, 'utf8');
  for (const l of iterateLines(content)) {
    if (l.index !== line) continue;
    let record: unknown;
    try {
      record = JSON.parse(l.text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new Error(`${file}:${line + 1}: not a valid JSON record (${(error as Error).message})`);
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error(`${file}:${line + 1}: not a JSON object`);
    return { line, kind: kindOfRecord(record) ?? 'unknown', record: record as Record<string, unknown> };
  }
  throw new Error(`${file} has no line ${line + 1}`);
}

/** The record's preference pair, or an error naming where it came from and what it lacks. */
export function preferencePair(record: Record<string, unknown>, where: string): PreferencePair {
  const pair = preferencePairOf(record);
  if (pair) return pair;
  const missing = ['chosen', 'rejected'].filter((k) => preferenceFieldText(record[k], true).trim() === '');
  throw new Error(`${where}: the preference record has no ${missing.join(', ') || 'usable responses'}`);
}
