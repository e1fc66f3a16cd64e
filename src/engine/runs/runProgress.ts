/** How each trainer event moves a run's record along: state, step, checkpoint, pipeline stage, time left. */
import { isFinished } from '../../core/runs/runStates';
import type { RunInfo, TrainerEvent } from '../../protocol';

export class RunProgress {
  /** First progress event of the current attempt (or pipeline stage): the step rate is measured from it. */
  private anchor: { time: number; step: number } | undefined;

  constructor(private readonly info: RunInfo) {}

  apply(event: TrainerEvent): void {
    const info = this.info;
    switch (event.type) {
      case 'start':
        info.state = 'running';
        info.stage = event.stage;
        info.totalSteps = event.total_steps;
        info.endedAt = null;
        info.error = null;
        info.etaSeconds = null;
        this.anchor = undefined;
        if (event.resumed_from) info.resumedFrom = event.resumed_from;
        if (event.pipeline_index !== undefined) {
          const stages = info.pipeline?.stages ?? [];
          info.pipeline = { stages, current: event.pipeline_index };
        }
        break;
      case 'progress':
        info.state = 'running';
        info.step = event.step;
        info.totalSteps = event.total_steps;
        info.etaSeconds = this.eta(event.time, event.step, event.total_steps);
        break;
      case 'checkpoint':
        info.lastCheckpoint = event.path;
        break;
      case 'done':
        info.state = 'done';
        info.step = event.step;
        info.etaSeconds = 0;
        break;
      case 'cancelled':
        info.state = 'cancelled';
        info.step = event.step;
        info.lastCheckpoint = event.checkpoint ?? info.lastCheckpoint;
        info.etaSeconds = null;
        break;
      case 'error':
        info.state = 'failed';
        info.error = { message: event.message, cause: event.cause };
        info.etaSeconds = null;
        break;
    }
    if (isFinished(info.state) && !info.endedAt) info.endedAt = new Date().toISOString();
  }

  /** Seconds left at the step rate since the attempt's first progress event (its first step includes warm-up). */
  private eta(time: number, step: number, total: number): number | null {
    if (!this.anchor || step < this.anchor.step) {
      this.anchor = { time, step };
      return null;
    }
    const rate = (step - this.anchor.step) / (time - this.anchor.time);
    if (!(rate > 0) || !Number.isFinite(rate) || total <= 0) return null;
    return Math.max(0, Math.ceil((total - step) / rate)); // a run with steps left never shows 0 s
  }
}
