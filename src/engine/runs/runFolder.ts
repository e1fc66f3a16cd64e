/** The on-disk layout of one run: everything a run needs to survive an engine restart. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

export function writeStatus(info: RunInfo): void {
  writeFileAtomic(runFiles(info.dir).status, JSON.stringify(info, null, 2) + '\n');
}

/** Every run folder under runsDir that has a readable status.json, newest first. */
export function readRunFolders(runsDir: string): RunInfo[] {
  if (!existsSync(runsDir)) return [];
  const runs: RunInfo[] = [];
  for (const name of readdirSync(runsDir)) {
    const status = runFiles(path.join(runsDir, name)).status;
    if (!existsSync(status)) continue;
    try {
      runs.push(JSON.parse(readFileSync(status, 'utf8')) as RunInfo);
    } catch {
      // A half-written status cannot happen (atomic writes); a hand-edited broken one is skipped.
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export function tailOfFile(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
