/** Runs: the run record, run requests, the environment check. */
import type { ErrorCause, TrainerEvent } from './trainerEvents';

// ---------- Runs ----------

export type RunState = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

/** Which process a pid was when it was recorded: a pid alone may be recycled (after a reboot, or by another program). */
export interface ProcessStamp {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks: number;
  /** /proc/sys/kernel/random/boot_id when it was recorded. */
  bootId: string;
}

export interface RunInfo {
  /** The run folder's name: always taken from the folder, never from its status.json. */
  id: string;
  /** Absolute path of the folder the run was found in (config.yaml, command.txt, events.jsonl, status.json, output/). */
  dir: string;
  /** The config file the run was started from. */
  configPath: string;
  stage: string;
  state: RunState;
  step: number;
  totalSteps: number;
  pid: number | null;
  startedAt: string;
  endedAt: string | null;
  /** The exact command line that runs the same thing without the editor. */
  command: string;
  lastCheckpoint: string | null;
  error: { message: string; cause: ErrorCause } | null;
  /** Every checkpoint-N folder written so far (absolute paths, oldest first). */
  checkpoints?: string[];
  /** The checkpoint the current attempt resumed from, if any. */
  resumedFrom?: string | null;
  /** "local" (one Python process) or "accelerate" (accelerate launch). */
  launcher?: 'local' | 'accelerate';
  /** For pipeline runs: the stage names in order and the one running now. */
  pipeline?: { stages: string[]; current: number } | null;
  /** Seconds left, estimated from the step rate; null when unknown. */
  etaSeconds?: number | null;
  /** The trainer process as it was when spawned: only that very process is ever signalled. */
  trainer?: ProcessStamp | null;
  /** The one process that writes this status.json (the engine or `alw run` that spawned the trainer). */
  writer?: ProcessStamp | null;
  /**
   * Why the folder's status.json could not be used (broken JSON, a wrong field): the run is listed with this
   * reason (state "failed") and nothing else is done with it: no resume, cancel or delete.
   */
  unreadable?: string | null;
}

export interface StartRunParams {
  configPath: string;
  /** Runs folder; defaults to the engine's configured one. */
  runsDir?: string;
}
export interface RunIdParams {
  runId: string;
}
export interface ResumeRunParams {
  runId: string;
  /** A checkpoint folder of this run; defaults to the latest one. */
  checkpoint?: string;
}
export interface DeleteRunResult {
  deleted: boolean;
}

/** What `workbench/runs/envCheck` finds before a run starts (also written to the run folder as env.json). */
export interface EnvDevice {
  kind: 'cpu' | 'cuda' | 'mps';
  name: string;
  /** Total memory of the device in bytes (system RAM for cpu); null when unknown. */
  memoryBytes: number | null;
}
export interface MemoryEstimate {
  parameters: number;
  method: string;
  /** Bytes needed per device for weights, gradients, optimizer states and a rough activation allowance. */
  perDeviceBytes: number;
  /** Whether it fits the smallest selected device; null when the device memory is unknown. */
  fits: boolean | null;
  /** One line that says how the number was made (e.g. "full fine-tuning, fp32 + AdamW: 16 bytes/parameter"). */
  explanation: string;
}
export interface EnvReport {
  python: string | null;
  pythonVersion: string | null;
  torch: string | null;
  trainerVersion: string | null;
  devices: EnvDevice[];
  /** Free bytes on the disk that will hold the run folder. */
  freeDiskBytes: number | null;
  estimate: MemoryEstimate | null;
  /** Blocking problems (the run should not start), in words. */
  problems: string[];
  warnings: string[];
}
export interface EnvCheckParams {
  configPath: string;
}

export interface RunEventsParams {
  runId: string;
  /** Index of the first event wanted (0 = from the beginning). */
  since?: number;
  /** Most events wanted; the engine caps a page at 2000 whatever is asked. */
  limit?: number;
}
export interface RunEventsResult {
  /** One bounded page, read from the run's events.jsonl. */
  events: TrainerEvent[];
  /** Index to pass as `since` next time. */
  next: number;
  /** Events the run has written so far (`next < total`: there are more pages). */
  total: number;
}

export interface RunOverviewParams {
  runId: string;
  /** Buckets of the metrics decimation (default 500, at most 2000). */
  buckets?: number;
}
/**
 * What the Run panel opens with, bounded whatever the run's length: the metrics events decimated (min/max per
 * bucket, first and last kept: see core/runs/metricDecimation), every start/done/cancelled/error event, and the
 * latest checkpoint, log and progress events. Each event keeps its index in events.jsonl.
 */
export interface RunOverview {
  run: RunInfo;
  events: Array<{ index: number; event: TrainerEvent }>;
  /** Index of the next event (what live notifications continue from). */
  next: number;
  /** Metrics events in the run, and whether fewer than that are in `events`. */
  metricsTotal: number;
  decimated: boolean;
}
/** Server → client notification for every new trainer event of every run. */
export interface RunEventNotification {
  runId: string;
  index: number;
  event: TrainerEvent;
  run: RunInfo;
}
