/**
 * Whether the pids a status.json names are really this run's: the trainer (only that very process, training
 * into this folder's output, is ever signalled) and the writer (the one process that writes status.json).
 */
import { existsSync, realpathSync } from 'node:fs';
import type { RunInfo } from '../../protocol';
import { checkStamp, argumentsOf, stampOf } from '../shared/processStamp';
import { runFiles } from './runFolder';

/**
 * 'this': the run's own trainer is running (same process as recorded at spawn, training into this folder);
 * 'gone': it is not (a recycled pid, a reboot, or a copied folder whose pid is the original's trainer);
 * 'unverifiable': a process with that pid runs but this platform cannot tell which (no /proc): never signalled.
 */
export type TrainerCheck = 'this' | 'gone' | 'unverifiable';

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function realpath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** Whether the process's command line trains into `dir`'s output folder (the trainer gets `--output-dir DIR`). */
function trainsInto(pid: number, dir: string): boolean | undefined {
  const args = argumentsOf(pid);
  if (args === undefined) return undefined;
  const at = args.indexOf('--output-dir');
  if (at === -1 || !args[at + 1]) return false;
  const mine = realpath(runFiles(dir).output);
  return mine !== undefined && realpath(args[at + 1]) === mine;
}

export function checkTrainer(info: RunInfo): TrainerCheck {
  const pid = info.pid;
  if (!pid || !pidExists(pid)) return 'gone';
  const stamp = checkStamp(info.trainer && info.trainer.pid === pid ? info.trainer : null);
  if (stamp === 'gone') return 'gone';
  if (stamp === 'unknown' && !existsSync('/proc/self/stat')) return 'unverifiable';
  // A status.json from before stamps were recorded: the command line alone must say it is this run's trainer.
  const into = trainsInto(pid, info.dir);
  if (into === undefined) return 'unverifiable';
  return into ? 'this' : 'gone';
}

export const trainerRunning = (info: RunInfo): boolean => checkTrainer(info) !== 'gone';

/** The stamp this process writes as the run's writer. */
export function ownStamp() {
  return stampOf(process.pid);
}

/** Whether another live process is this run's writer (then this one only reads and follows status.json). */
export function otherWriterAlive(info: RunInfo): boolean {
  const writer = info.writer;
  if (!writer || writer.pid === process.pid) return false;
  return checkStamp(writer) === 'same';
}
