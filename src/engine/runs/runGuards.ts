/** What must hold before a run folder is started into, resumed or deleted, and the one way a trainer is signalled. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isFinished } from '../../core/runs/runStates';
import type { RunInfo } from '../../protocol';
import { RunConfigError } from './runConfig';
import { runFiles } from './runFolder';
import { trainerRunning } from './runProcesses';
import { readRunStatus } from './runStatus';

/** Refuses to start a trainer into a folder whose status.json says a live, verified trainer runs there. */
export function refuseLiveFolder(dir: string): void {
  if (!existsSync(runFiles(dir).status)) return;
  const info = readRunStatus(dir);
  if (!info.unreadable && !isFinished(info.state) && trainerRunning(info)) {
    throw new RunConfigError(`Run ${info.id} is ${info.state} in another process (trainer pid ${info.pid}): a second trainer cannot be started into ${runFiles(dir).output}. Cancel that run first, or wait for it to end`);
  }
}

export function resumeTarget(info: RunInfo, checkpoints: string[], wanted: string | undefined): { argument?: string; checkpoint: string | null } {
  if (info.stage === 'eval') {
    // An evaluation has no checkpoints: the trainer, run again into the same output, skips the requests answered.
    if (wanted) throw new RunConfigError(`Run ${info.id} is an evaluation: it resumes where it stopped (answered requests are skipped); leave the checkpoint out`);
    return { checkpoint: null };
  }
  if (wanted) {
    const absolute = path.resolve(wanted);
    if (info.pipeline) throw new RunConfigError('A pipeline run resumes where it stopped (finished stages are skipped): leave the checkpoint out');
    if (!checkpoints.includes(absolute)) {
      throw new RunConfigError(`${absolute} is not a checkpoint of run ${info.id}; its checkpoints: ${checkpoints.join(', ') || 'none'}`);
    }
    return { argument: absolute, checkpoint: absolute };
  }
  if (info.pipeline) return { argument: 'latest', checkpoint: checkpoints.at(-1) ?? null };
  const latest = checkpoints.at(-1);
  if (!latest) throw new RunConfigError(`Run ${info.id} has no checkpoint to resume from (no checkpoint-N folder in ${runFiles(info.dir).output})`);
  return { argument: latest, checkpoint: latest };
}

export function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** A cancelled trainer reports `cancelled` and then exits: give it a few seconds to be gone. */
export async function exited(info: RunInfo, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (trainerRunning(info)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
