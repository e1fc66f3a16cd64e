/**
 * Write to a temporary file beside the target, then rename: readers never see half a file. Every temporary
 * file is named `<target name>.tmp-<pid>…`, so one left by a killed process can be recognised and removed.
 */
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isAlive } from './processAlive';

export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(temp, content);
  renameSync(temp, file);
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
