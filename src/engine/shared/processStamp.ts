/**
 * Which process a pid is: its start time (clock ticks since boot, /proc/<pid>/stat field 22) and the boot id. A pid
 * read back from a file counts as "the same process" only when both match what was recorded at spawn, so a pid
 * recycled after a reboot or by another program is never mistaken for it. Without /proc nothing can be verified:
 * callers then refuse to signal rather than guess.
 */
import { readFileSync } from 'node:fs';
import type { ProcessStamp } from '../../protocol';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function bootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/** The start time of `pid` in clock ticks since boot, or undefined (no such process, or no /proc). */
export function processStartTicks(pid: number): number | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]); // field 22 of the whole line; fields[0] is field 3 (state)
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** The stamp of a live process; null where it cannot be taken (the process is gone, or there is no /proc). */
export function stampOf(pid: number | null | undefined): ProcessStamp | null {
  if (!pid) return null;
  const startTicks = processStartTicks(pid);
  const boot = bootId();
  return startTicks === undefined || !boot ? null : { pid, startTicks, bootId: boot };
}

export type StampCheck = 'same' | 'gone' | 'unknown';

/**
 * 'same': that very process is running now; 'gone': it is not (dead, or its pid now belongs to another process,
 * or the machine rebooted); 'unknown': it cannot be told (no stamp was recorded, or no /proc here).
 */
export function checkStamp(stamp: ProcessStamp | null | undefined): StampCheck {
  if (!stamp) return 'unknown';
  const boot = bootId();
  if (!boot) return 'unknown';
  if (boot !== stamp.bootId) return 'gone';
  return processStartTicks(stamp.pid) === stamp.startTicks ? 'same' : 'gone';
}

/** The arguments of a live process, or undefined (gone, or no /proc). */
export function argumentsOf(pid: number): string[] | undefined {
  return readText(`/proc/${pid}/cmdline`)?.split('\0');
}
