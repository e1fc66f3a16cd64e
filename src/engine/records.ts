/** Reads one record of a dataset file by line, for commands that act on "the record at the cursor". */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PreferencePair, ReadRecordResult } from '../protocol';
import { kindOfRecord } from '../core/datasetKinds';
import { iterateLines } from '../core/lines';

export function filePathOf(uriOrPath: string): string {
  return uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : uriOrPath;
}

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

/** Text of a preference field: a string, or the concatenated contents of a chat message list. */
export function preferenceText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((m) => (m && typeof m === 'object' ? String((m as any).content ?? '') : String(m))).join('\n');
  return '';
}

export function preferencePair(record: Record<string, unknown>, where: string): PreferencePair {
  const pair = { prompt: preferenceText(record.prompt), chosen: preferenceText(record.chosen), rejected: preferenceText(record.rejected) };
  const missing = Object.entries(pair).filter(([, v]) => v.trim() === '').map(([k]) => k);
  if (missing.length) throw new Error(`${where}: the preference record has no ${missing.join(', ')}`);
  return pair;
}
