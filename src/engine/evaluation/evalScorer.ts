/**
 * The engine scores eval runs when they end: a run of `stage: eval` that reaches `done` with an eval.json and no
 * metrics.json yet (started by `workbench/eval/start`, or by `alw eval run` and left unscored) gets its
 * predictions.jsonl and metrics.json written from its results. A scoring failure is logged and written next to
 * them (scoring-error.txt), so the Results panel can say why a run has no metrics.
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { RunInfo } from '../../protocol';
import type { RunManager } from '../runs/runManager';
import { writeFileAtomic } from '../shared/atomicWrite';
import { EVAL_JSON, evalRunPlan, scoreEvalRun } from './evalRuns';

export const SCORING_ERROR = 'scoring-error.txt';

export function needsScoring(run: RunInfo): boolean {
  return run.stage === 'eval' && run.state === 'done' && existsSync(path.join(run.dir, EVAL_JSON)) && !existsSync(path.join(run.dir, 'metrics.json'));
}

/** Scores a done eval run's folder; the error, if any, goes to scoring-error.txt and is thrown. */
export async function scoreEvalFolder(dir: string): Promise<void> {
  const errorFile = path.join(dir, SCORING_ERROR);
  try {
    scoreEvalRun(await evalRunPlan(dir));
    rmSync(errorFile, { force: true });
  } catch (error) {
    writeFileAtomic(errorFile, `${error instanceof Error ? error.message : String(error)}\n`);
    throw error;
  }
}

/** Scores each done eval run once, however many events say it is done; `score` resolves when it is written (or failed). */
export class EvalScorer {
  private readonly scoring = new Map<string, Promise<void>>();

  constructor(private readonly log: (message: string) => void) {}

  /** The scoring of this run (started now if it needs it), or undefined when it needs none. */
  score(run: RunInfo): Promise<void> | undefined {
    const pending = this.scoring.get(run.dir);
    if (pending || !needsScoring(run)) return pending;
    const done = scoreEvalFolder(run.dir)
      .then(() => this.log(`eval run ${run.id} scored: ${path.join(run.dir, 'metrics.json')}`))
      .catch((error) => this.log(`eval run ${run.id} could not be scored: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.scoring.delete(run.dir));
    this.scoring.set(run.dir, done);
    return done;
  }
}
