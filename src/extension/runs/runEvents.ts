/**
 * What a Run panel or a comparison opens with: the engine's bounded overview of the run (metrics decimated,
 * min/max per bucket, first to last step; milestones; the latest log lines), whatever the run's length.
 */
import { Methods, type RunOverview } from '../../protocol';
import type { Engine } from '../engine/engineClient';

export async function loadRunOverview(engine: Engine, runId: string): Promise<RunOverview> {
  return engine.request(Methods.runOverview, { runId });
}
