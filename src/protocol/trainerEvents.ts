/** Trainer events: one JSON object per line on the trainer's stdout. */

// ---------- Trainer events (one JSON object per line on the trainer's stdout) ----------

export type ErrorCause = 'out_of_memory' | 'missing_file' | 'bad_config' | 'missing_dependency' | 'unknown';

interface EventBase {
  /** Seconds since the Unix epoch, as the trainer saw it. */
  time: number;
}

export interface StartEvent extends EventBase {
  type: 'start';
  stage: string;
  total_steps: number;
  /** Resolved device: "cpu", "cuda", "mps". */
  device: string;
  resumed_from?: string | null;
  /** Number of processes (accelerate launch); 1 for a local run. */
  world_size?: number;
  /** In a pipeline run: this stage's name, its zero-based index and the number of stages. */
  pipeline_stage?: string;
  pipeline_index?: number;
  pipeline_total?: number;
}
export interface ProgressEvent extends EventBase {
  type: 'progress';
  step: number;
  total_steps: number;
  epoch?: number;
}
export interface MetricsEvent extends EventBase {
  type: 'metrics';
  step: number;
  /** e.g. loss, learning_rate, grad_norm, num_tokens, accuracy, margin, reward, kl. */
  metrics: Record<string, number>;
}
export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
  step: number;
  path: string;
}
export interface LogEvent extends EventBase {
  type: 'log';
  level: 'info' | 'warning' | 'error';
  message: string;
}
/** What an evaluation run (`stage: eval`) adds to its done and cancelled events. */
export interface EvalCounts {
  /** The results file (`<output_dir>/results.jsonl`). */
  results?: string;
  /** Requests answered by this run, skipped as already answered (resume), and answered with an error. */
  answered?: number;
  skipped?: number;
  errors?: number;
}
export interface DoneEvent extends EventBase, EvalCounts {
  type: 'done';
  step: number;
  output_dir: string;
}
export interface CancelledEvent extends EventBase, EvalCounts {
  type: 'cancelled';
  step: number;
  /** The checkpoint written on cancel, if any. */
  checkpoint: string | null;
}
export interface ErrorEvent extends EventBase {
  type: 'error';
  message: string;
  cause: ErrorCause;
  traceback?: string;
}

export type TrainerEvent =
  | StartEvent
  | ProgressEvent
  | MetricsEvent
  | CheckpointEvent
  | LogEvent
  | DoneEvent
  | CancelledEvent
  | ErrorEvent;

export const TRAINER_EVENT_TYPES: ReadonlyArray<TrainerEvent['type']> = [
  'start', 'progress', 'metrics', 'checkpoint', 'log', 'done', 'cancelled', 'error',
];
