/**
 * Applies the dataset panel's edits (replace or delete lines) to a JSONL file: streamed into a temporary file
 * beside it (a crashed save leaves the source whole; the next open removes the temporary file), flushed to
 * disk, then renamed over the source — over a symlink's target, so the link stays a link. Every untouched line
 * is copied byte for byte, its line ending (LF, CRLF or none at the end of the file) included; a replaced line
 * keeps the ending it had.
 *
 * A save is tied to the version its edits were made against: it is refused (DatasetChangedError, nothing
 * written) unless that version is the file's current one, every edited line still hashes to the hash its edit
 * carries, and the bytes copied hash to the version's SHA-256 with the file's size and mtime unchanged just
 * before the rename. What is left is the moment between that last check and the rename itself.
 */
import { createHash, type Hash } from 'node:crypto';
import { accessSync, chmodSync, constants, rmSync, statSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { DatasetEdit, SaveDatasetResult } from '../../protocol';
import { fsyncFolder } from '../shared/atomicWrite';
import { writeFailureReason } from '../shared/writeFailure';
import { lineHash, saveTarget, saveTempPrefix, type DatasetIndex } from './datasetIndex';

const COPY_CHUNK = 1 << 20;

/** The file is not the version the edits were made against; the client maps it to DATASET_CHANGED_ERROR. */
export class DatasetChangedError extends Error {}

export function changedMessage(file: string, when = 'since the panel read it'): string {
  return `${file} changed on disk ${when} (another editor, git or a script wrote it); nothing was written. `
    + 'Reload it: your edits are kept and follow their lines; an edit whose line changed is shown as a conflict';
}

/** The panel shows CSV, JSON and Parquet files through a JSONL cache: read-only, nothing to save into. */
function refuseReadOnly(index: DatasetIndex): void {
  if (!index.source) return;
  const file = index.source.file;
  throw new Error(`${file}: the dataset panel shows ${index.format.toUpperCase()} files read-only; convert this one to JSONL first `
    + `(Arabic LLM: Convert Dataset…, or alw convert ${path.basename(file)} --output ${path.basename(file, path.extname(file))}.jsonl) and edit that file`);
}

/** A file without write permission is not replaced, even where the folder would allow it (or the user is root). */
function refuseWriteProtected(target: string): void {
  let writable = (statSync(target).mode & 0o222) !== 0;
  try {
    accessSync(target, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new Error(`${target} is read-only; nothing was written (make it writable and save again)`);
}

/** Checks the edits against the index: lines in range, one edit per line, one line of text each, a hash each. */
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
    if (typeof edit.hash !== 'string' || !/^[0-9a-f]{64}$/.test(edit.hash)) {
      throw new Error(`${index.file}:${edit.line + 1}: the edit carries no hash of the line it was made on; nothing was written`);
    }
  }
  return [...edits].sort((a, b) => a.line - b.line);
}

export async function saveDataset(index: DatasetIndex, version: string, edits: DatasetEdit[]): Promise<SaveDatasetResult> {
  refuseReadOnly(index);
  if (version !== index.version || !index.isCurrent()) throw new DatasetChangedError(changedMessage(index.file));
  const sorted = checkEdits(index, edits);
  const target = saveTarget(index.file);
  refuseWriteProtected(target);
  const temp = path.join(path.dirname(target), `${saveTempPrefix(target)}${process.pid}-${Date.now()}`);
  const source = await open(index.file, 'r');
  const read = createHash('sha256');
  let output: FileHandle | undefined;
  try {
    output = await open(temp, 'wx');
    let copied = 0;
    for (const edit of sorted) {
      const [lineStart, lineEnd] = index.byteRange(edit.line);
      await copyRange(source, output, copied, lineStart, read, index.file);
      const original = await readRange(source, lineStart, lineEnd, index.file);
      read.update(original);
      if (lineHash(original) !== edit.hash) {
        throw new DatasetChangedError(`${index.file}:${edit.line + 1}: this line is not the one the edit was made on; nothing was written. `
          + 'Reload the file: your edits follow their lines');
      }
      if (edit.text !== null) await writeFully(output, Buffer.from(edit.text + lineEnding(original), 'utf8'));
      copied = lineEnd;
    }
    await copyRange(source, output, copied, index.size, read, index.file);
    if (read.digest('hex') !== index.sha256) throw new DatasetChangedError(changedMessage(index.file, 'while saving'));
    await output.sync();
    await output.close();
    output = undefined;
    chmodSync(temp, statSync(target).mode);
    if (!index.isCurrent()) throw new DatasetChangedError(changedMessage(index.file, 'while saving'));
    await rename(temp, target);
    fsyncFolder(path.dirname(target));
  } catch (error) {
    await output?.close().catch(() => {});
    rmSync(temp, { force: true });
    throw saveError(error, target);
  } finally {
    await source.close();
  }
  const deleted = sorted.filter((e) => e.text === null).length;
  return { rows: index.lines - deleted, changed: sorted.length - deleted, deleted };
}

/** What went wrong, naming the file and saying that it was left as it was. */
function saveError(error: unknown, target: string): Error {
  if (error instanceof DatasetChangedError) return error;
  return new Error(`${target}: could not save, ${writeFailureReason(error)}; nothing was written, the file is as it was`);
}

async function copyRange(source: FileHandle, target: FileHandle, from: number, to: number, read: Hash, file: string): Promise<void> {
  const buffer = Buffer.alloc(Math.min(COPY_CHUNK, Math.max(0, to - from)));
  for (let at = from; at < to;) {
    const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, to - at), at);
    if (bytesRead === 0) throw new DatasetChangedError(`${changedMessage(file, 'while saving (it got shorter)')}`);
    const chunk = buffer.subarray(0, bytesRead);
    read.update(chunk);
    await writeFully(target, chunk);
    at += bytesRead;
  }
}

/**
 * One write(2) may take fewer bytes than it was given (a nearly full disk takes what fits and fails only on the
 * next call): keep writing until every byte is in, so a full disk is an error and never a shorter file.
 */
async function writeFully(target: FileHandle, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length;) {
    const { bytesWritten } = await target.write(bytes, at, bytes.length - at);
    at += bytesWritten;
  }
}

async function readRange(source: FileHandle, from: number, to: number, file: string): Promise<Buffer> {
  const bytes = Buffer.alloc(to - from);
  const { bytesRead } = await source.read(bytes, 0, bytes.length, from);
  if (bytesRead !== bytes.length) throw new DatasetChangedError(`${changedMessage(file, 'while saving (it got shorter)')}`);
  return bytes;
}

/** The line's ending as written: "\r\n", "\n" or "" (the last line of a file without a final newline). */
function lineEnding(line: Buffer): string {
  const text = line.subarray(Math.max(0, line.length - 2)).toString('latin1');
  return text.endsWith('\r\n') ? '\r\n' : text.endsWith('\n') ? '\n' : '';
}
