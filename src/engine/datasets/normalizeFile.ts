/**
 * Normalizes every string value of a JSONL dataset, streaming (files larger than memory), into a temporary
 * file renamed over the target at the end. Records the profile leaves unchanged, blank lines and broken
 * lines are copied byte for byte; only changed records are re-serialized. A line that is not valid UTF-8 is
 * never rewritten (decoding it would turn its bad bytes into U+FFFD): it is copied and reported.
 */
import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { readLineBuffers } from '../formats/readLineBuffers';
import { CancelledError } from '../curation/operation';
import { outputWriteError } from '../shared/writeFailure';
import { normalizeArabic, type ArabicNormalizeOptions, type ArabicProfileName } from '../../core/arabic/normalize';
import { findInvalidUtf8 } from '../../core/formats/utf8';

export interface NormalizeFileResult {
  records: number;
  changed: number;
  /** 1-based lines copied unchanged because they are not valid JSON. */
  brokenLines: number[];
  /** Lines copied unchanged because they are not valid UTF-8: 1-based line and column (UTF-16 units) of the first bad byte. */
  notUtf8: Array<{ line: number; column: number; byte: number }>;
}

export async function normalizeFile(
  source: string,
  target: string,
  profile: ArabicProfileName | Partial<ArabicNormalizeOptions>,
  onProgress: (lines: number, bytesRead: number) => void = () => {},
  signal?: AbortSignal,
): Promise<NormalizeFileResult> {
  const temp = `${target}.tmp-${process.pid}`;
  const out = createWriteStream(temp);
  const result: NormalizeFileResult = { records: 0, changed: 0, brokenLines: [], notUtf8: [] };
  const finalNewline = endsWithNewline(source);
  const write = async (data: Buffer | string) => {
    if (!out.write(data)) await once(out, 'drain');
  };
  let lineNumber = 0;
  let bytesRead = 0;
  try {
    for await (const raw of readLineBuffers(source)) {
      if (signal?.aborted) throw new CancelledError();
      if (lineNumber++ > 0) await write('\n');
      const invalid = findInvalidUtf8(raw);
      if (invalid) result.notUtf8.push({ line: lineNumber, column: invalid.column + 1, byte: invalid.byte });
      const replacement = invalid ? undefined : normalizedLine(raw.toString('utf8'), profile, lineNumber, result);
      await write(replacement ?? raw);
      bytesRead += raw.length + 1;
      if (lineNumber % 1000 === 0) onProgress(lineNumber, bytesRead);
    }
    out.end(finalNewline ? '\n' : '');
    await once(out, 'finish');
    renameSync(temp, target);
    return result;
  } catch (error) {
    const closed = out.closed ? undefined : once(out, 'close').catch(() => {});
    out.destroy();
    await closed; // the stream may still be opening the file: remove it only once closed
    rmSync(temp, { force: true });
    throw outputWriteError(error, target);
  }
}

/** The rewritten line, or undefined when the original bytes should be kept. */
function normalizedLine(
  line: string,
  profile: ArabicProfileName | Partial<ArabicNormalizeOptions>,
  lineNumber: number,
  result: NormalizeFileResult,
): string | undefined {
  if (line.trim() === '') return undefined;
  const bom = line.startsWith('\uFEFF') ? '\uFEFF' : '';
  const cr = line.endsWith('\r') ? '\r' : '';
  let record: unknown;
  try {
    record = JSON.parse(line.slice(bom.length));
  } catch {
    result.brokenLines.push(lineNumber);
    return undefined;
  }
  result.records++;
  const normalized = mapStrings(record, (s) => normalizeArabic(s, profile));
  const text = JSON.stringify(normalized);
  if (text === JSON.stringify(record)) return undefined;
  result.changed++;
  return bom + text + cr;
}

function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return false;
  const fd = openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 10;
  } finally {
    closeSync(fd);
  }
}

export function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  }
  return value;
}
