/**
 * Write to a temporary file beside the target, fsync it, rename it over the target, then fsync the folder:
 * readers never see half a file, and after a power cut the file is the old one or the new one, not empty. Every
 * temporary file is named `<target name>.tmp-<pid>…`, so one left by a killed process can be recognised and removed.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { isAlive } from './processAlive';

export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const fd = openSync(temp, 'w');
  try {
    // writeSync may write fewer bytes than given (a nearly full disk): loop until all are in or it throws.
    const bytes = Buffer.from(content, 'utf8');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncFolder(path.dirname(file));
}

/** Makes a rename in `folder` durable. Some platforms cannot open a folder for fsync (Windows): skip there. */
export function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Removes the temporary files a process that no longer runs (killed mid-write) left beside `target`:
 * `<name>.tmp-<pid>`, optionally followed by `-…` or `.…` (writeFileAtomic, AtomicOutput, normalizeFile, the
 * Parquet staging file). Returns the names removed.
 */
export function removeStaleTemps(target: string): string[] {
  const prefix = `${path.basename(target)}.tmp-`;
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)(?:[-.].*)?$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
