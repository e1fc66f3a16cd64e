/**
 * Applies the dataset panel's edits (replace or delete lines) to a JSONL file: streamed into a temporary file
 * beside it (a crashed save leaves the source whole; the next open removes the temporary file), flushed to
 * disk, then renamed over the source. Every untouched line is copied byte for byte, its line ending (LF, CRLF
 * or none at the end of the file) included; a replaced line keeps the ending it had.
 */
import { chmodSync, rmSync, statSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { DatasetEdit, SaveDatasetResult } from '../../protocol';
import { saveTempPrefix, type DatasetIndex } from './datasetIndex';

const COPY_CHUNK = 1 << 20;

export class DatasetChangedError extends Error {}

/** The panel shows CSV, JSON and Parquet files through a JSONL cache: read-only, nothing to save into. */
function refuseReadOnly(index: DatasetIndex): void {
  if (!index.source) return;
  const file = index.source.file;
  throw new Error(`${file}: the dataset panel shows ${index.format.toUpperCase()} files read-only; convert this one to JSONL first `
    + `(Arabic LLM: Convert Dataset…, or alw convert ${path.basename(file)} --output ${path.basename(file, path.extname(file))}.jsonl) and edit that file`);
}

/** Checks the edits against the index: lines in range, one edit per line, one line of text each. */
export function checkEdits(index: DatasetIndex, edits: DatasetEdit[]): DatasetEdit[] {
  const seen = new Set<number>();
  for (const edit of edits) {
    if (!Number.isInteger(edit.line) || edit.line < 0 || edit.line >= index.lines) {
      throw new Error(`${index.file}: no line ${edit.line + 1} to edit (the file has ${index.lines} lines)`);
    }
    if (seen.has(edit.line)) throw new Error(`${index.file}:${edit.line + 1}: more than one edit for this line`);
    seen.add(edit.line);
    if (edit.text !== null && /[\r\n]/.test(edit.text)) {
      throw new Error(`${index.file}:${edit.line + 1}: the new text has a line break; a JSONL record is one line`);
    }
  }
  return [...edits].sort((a, b) => a.line - b.line);
}

export async function saveDataset(index: DatasetIndex, edits: DatasetEdit[]): Promise<SaveDatasetResult> {
  refuseReadOnly(index);
  if (!index.isCurrent()) {
    throw new DatasetChangedError(`${index.file} changed on disk since it was opened; reopen it (your edits are kept in the panel) and save again`);
  }
  const sorted = checkEdits(index, edits);
  const temp = path.join(path.dirname(index.file), `${saveTempPrefix(index.file)}${process.pid}-${Date.now()}`);
  const source = await open(index.file, 'r');
  let target: FileHandle | undefined;
  try {
    target = await open(temp, 'wx');
    let copied = 0;
    for (const edit of sorted) {
      const [lineStart, lineEnd] = index.byteRange(edit.line);
      await copyRange(source, target, copied, lineStart);
      if (edit.text !== null) {
        const ending = await lineEnding(source, lineStart, lineEnd);
        await target.write(Buffer.from(edit.text + ending, 'utf8'));
      }
      copied = lineEnd;
    }
    await copyRange(source, target, copied, index.size);
    await target.sync();
    await target.close();
    target = undefined;
    if (!index.isCurrent()) throw new DatasetChangedError(`${index.file} changed on disk while saving; nothing was written`);
    chmodSync(temp, statSync(index.file).mode);
    await rename(temp, index.file);
  } catch (error) {
    await target?.close().catch(() => {});
    rmSync(temp, { force: true });
    throw error;
  } finally {
    await source.close();
  }
  const deleted = sorted.filter((e) => e.text === null).length;
  return { rows: index.lines - deleted, changed: sorted.length - deleted, deleted };
}

async function copyRange(source: FileHandle, target: FileHandle, from: number, to: number): Promise<void> {
  const buffer = Buffer.alloc(Math.min(COPY_CHUNK, Math.max(0, to - from)));
  for (let at = from; at < to;) {
    const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, to - at), at);
    if (bytesRead === 0) throw new DatasetChangedError('the file got shorter while saving');
    await target.write(buffer.subarray(0, bytesRead));
    at += bytesRead;
  }
}

/** The line's ending as written: "\r\n", "\n" or "" (the last line of a file without a final newline). */
async function lineEnding(source: FileHandle, lineStart: number, lineEnd: number): Promise<string> {
  const tail = Buffer.alloc(Math.min(2, lineEnd - lineStart));
  await source.read(tail, 0, tail.length, lineEnd - tail.length);
  const text = tail.toString('latin1');
  return text.endsWith('\r\n') ? '\r\n' : text.endsWith('\n') ? '\n' : '';
}
