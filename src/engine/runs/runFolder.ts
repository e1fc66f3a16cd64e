/** The on-disk layout of one run: everything a run needs to survive an engine restart. */
import { closeSync, existsSync, fstatSync, openSync, readSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { RunInfo } from '../../protocol';
import { writeFileAtomic } from '../shared/atomicWrite';

export const runFiles = (dir: string) => ({
  config: path.join(dir, 'config.yaml'),
  command: path.join(dir, 'command.txt'),
  events: path.join(dir, 'events.jsonl'),
  log: path.join(dir, 'trainer.log'),
  status: path.join(dir, 'status.json'),
  /** The environment check made before the (latest) start. */
  env: path.join(dir, 'env.json'),
  output: path.join(dir, 'output'),
  /** Written to cancel: every trainer process (all ranks, every pipeline stage) polls it at each step end. */
  stop: path.join(dir, 'output', 'STOP'),
});

export function newRunId(stage: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${stage}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Only the run's writer calls this (the process that spawned its trainer, or adopted it when that one died). */
export function writeStatus(info: RunInfo): void {
  writeFileAtomic(runFiles(info.dir).status, JSON.stringify(info, null, 2) + '\n');
}

/** The folders under runsDir that hold a status.json (each is one run, readable or not). */
export function runFolderPaths(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  const root = path.resolve(runsDir);
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(runFiles(path.join(root, e.name)).status))
    .map((e) => path.join(root, e.name));
}

/** The last `lines` lines of a file, read from its end (a trainer.log can be gigabytes). */
export function tailOfFile(file: string, lines = 20, maxBytes = 64 * 1024): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}
