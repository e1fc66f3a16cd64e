/** What a run's state allows: shared by the editor, the webviews and the CLI. */
import type { RunInfo, RunState } from '../../protocol';

export function isFinished(state: RunState): boolean {
  return state === 'done' || state === 'cancelled' || state === 'failed';
}

/** Every checkpoint of a run, oldest first (older engines report only the last one). */
export function checkpointsOf(run: RunInfo): string[] {
  if (run.checkpoints?.length) return run.checkpoints;
  return run.lastCheckpoint ? [run.lastCheckpoint] : [];
}

/**
 * Whether a run can be resumed: it stopped before the end and left a checkpoint (a pipeline run resumes where it
 * stopped, finished stages skipped, with or without one).
 */
export function isResumable(run: RunInfo): boolean {
  if (run.unreadable) return false;
  const stopped = run.state === 'cancelled' || run.state === 'failed';
  return stopped && (!!run.pipeline || checkpointsOf(run).length > 0);
}

/** Whether a chosen checkpoint can be resumed from (a pipeline run only resumes where it stopped). */
export function canResumeFromCheckpoint(run: RunInfo): boolean {
  return isResumable(run) && !run.pipeline && checkpointsOf(run).length > 0;
}

/** The step of a `checkpoint-N` folder (HF Trainer's naming), or undefined. */
export function checkpointStep(checkpoint: string | null | undefined): number | undefined {
  const match = checkpoint ? /checkpoint-(\d+)[\\/]*$/.exec(checkpoint) : null;
  return match ? Number(match[1]) : undefined;
}
