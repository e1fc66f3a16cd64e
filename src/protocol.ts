/**
 * The one typed contract between the VS Code client, the engine and the trainer's event stream.
 * Both sides import the method names and payload types from here; nothing else defines them.
 */

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
export interface DoneEvent extends EventBase {
  type: 'done';
  step: number;
  output_dir: string;
}
export interface CancelledEvent extends EventBase {
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

// ---------- Runs ----------

export type RunState = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface RunInfo {
  id: string;
  /** Absolute path of the run folder (config.yaml, command.txt, events.jsonl, status.json, output/). */
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
}

export interface StartRunParams {
  configPath: string;
  /** Runs folder; defaults to the engine's configured one. */
  runsDir?: string;
}
export interface RunIdParams {
  runId: string;
}
export interface RunEventsParams {
  runId: string;
  /** Index of the first event wanted (0 = from the beginning). */
  since?: number;
}
export interface RunEventsResult {
  events: TrainerEvent[];
  /** Index to pass as `since` next time. */
  next: number;
}
/** Server → client notification for every new trainer event of every run. */
export interface RunEventNotification {
  runId: string;
  index: number;
  event: TrainerEvent;
  run: RunInfo;
}

// ---------- Datasets ----------

export interface ReadRecordParams {
  /** file:// URI or absolute path. */
  uri: string;
  /** Zero-based line. */
  line: number;
}
export interface ReadRecordResult {
  line: number;
  kind: string;
  record: Record<string, unknown>;
}

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

// ---------- Scoring ----------

export interface ScorePairParams {
  /** Folder with model.onnx, tokenizer.json, tokenizer_config.json (the trainer's export-onnx output). */
  modelDir: string;
  prompt: string;
  responses: [string, string];
}
export interface ScorePairResult {
  scores: [number, number];
  modelDir: string;
  /** Milliseconds spent in onnxruntime for both responses. */
  inferenceMs: number;
}

// ---------- Python environment ----------

export interface PythonEnvParams {
  /** A user-configured interpreter; when set it is used as is. */
  interpreter?: string;
  /** Where a managed virtual environment lives (created if missing). */
  venvDir: string;
  /** The trainer package folder to install. */
  trainerDir: string;
  /** The torch requirement installed first (e.g. "torch==2.13.0"). */
  torchRequirement: string;
}
export interface PythonEnvResult {
  python: string;
  created: boolean;
  trainerVersion: string;
}
export interface PythonEnvProgress {
  message: string;
}

// ---------- Engine settings (pushed by the client in initializationOptions and on change) ----------

export interface EngineSettings {
  /** Python that runs the trainer. */
  python: string | null;
  /** Absolute runs folder. */
  runsDir: string | null;
  /** Glob → dataset kind overrides. */
  kinds?: Record<string, string>;
}

// ---------- Method names ----------

export const Methods = {
  startRun: 'workbench/runs/start',
  cancelRun: 'workbench/runs/cancel',
  listRuns: 'workbench/runs/list',
  runEvents: 'workbench/runs/events',
  runEvent: 'workbench/runs/event',
  readRecord: 'workbench/dataset/readRecord',
  scorePair: 'workbench/score/pair',
  setupPython: 'workbench/python/setup',
  setupPythonProgress: 'workbench/python/setupProgress',
  updateSettings: 'workbench/settings/update',
} as const;

/** Request name → [params, result]. Notifications are listed in `Notifications`. */
export interface Requests {
  [Methods.startRun]: [StartRunParams, RunInfo];
  [Methods.cancelRun]: [RunIdParams, RunInfo];
  [Methods.listRuns]: [Record<string, never>, RunInfo[]];
  [Methods.runEvents]: [RunEventsParams, RunEventsResult];
  [Methods.readRecord]: [ReadRecordParams, ReadRecordResult];
  [Methods.scorePair]: [ScorePairParams, ScorePairResult];
  [Methods.setupPython]: [PythonEnvParams, PythonEnvResult];
}
export interface Notifications {
  [Methods.runEvent]: RunEventNotification;
  [Methods.setupPythonProgress]: PythonEnvProgress;
  [Methods.updateSettings]: EngineSettings;
}

/** Diagnostic codes the engine publishes for dataset files. */
export const DiagnosticCodes = {
  jsonSyntax: 'ALW001',
  notAnObject: 'ALW002',
  missingField: 'ALW003',
  emptyField: 'ALW004',
  wrongType: 'ALW005',
  unknownKind: 'ALW006',
  bidiControl: 'ALW007',
  zeroWidth: 'ALW008',
  persianForms: 'ALW009',
  presentationForms: 'ALW010',
} as const;
