/** Every event a run has written so far, fetched page by page from the engine. */
import { Methods, type TrainerEvent } from '../../protocol';
import type { Engine } from '../engine/engineClient';

const MAX_PAGES = 1000;

/** The events and the index of the next one (what a live listener expects next). */
export async function loadRunEvents(engine: Engine, runId: string): Promise<{ events: TrainerEvent[]; next: number }> {
  const events: TrainerEvent[] = [];
  let since = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await engine.request(Methods.runEvents, { runId, since });
    events.push(...result.events);
    if (result.events.length === 0 || result.next <= since) break;
    since = result.next;
  }
  return { events, next: since };
}
