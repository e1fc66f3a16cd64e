/**
 * Progress of a batch of slow remote requests on stderr, with counts, rate and ETA: on a terminal one line that
 * updates in place, otherwise (a log file) a plain line at every tenth of the batch. (curationCommand.ts shows a
 * percentage of bytes read, which says nothing about requests that take seconds each.)
 */
export interface RateProgress {
  update(done: number, total: number): void;
  /** Ends the updating line, if one was drawn. */
  finish(): void;
}

export function rateProgress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): RateProgress {
  const start = now();
  let drawn = false;
  let lastTenth = -1;
  return {
    update(done, total) {
      if (total === 0) return;
      const seconds = (now() - start) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = rate > 0 ? ` ETA ${formatSeconds((total - done) / rate)}` : '';
      const line = `${label}: ${done}/${total} requests, ${rate.toFixed(1)}/s${done < total ? eta : ''}`;
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor((10 * done) / total);
      if (tenth !== lastTenth) stream.write(`${line}\n`);
      lastTenth = tenth;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
