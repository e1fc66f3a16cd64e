/**
 * Reads a run folder's status.json as data: every field is checked, and `id` and `dir` come from the folder the
 * file was found in, never from the file (a copied folder is its own run, a hand-written file cannot point
 * deletes or signals elsewhere). A file that does not pass becomes an "unreadable" run with the reason, at
 * FILE:LINE:COLUMN, so one broken folder never breaks the list.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseJsonLine, valueNode, type JsonNode } from '../../core/formats/jsonLine';
import type { ErrorCause, ProcessStamp, RunInfo, RunState } from '../../protocol';

const STATES: readonly RunState[] = ['starting', 'running', 'done', 'cancelled', 'failed'];
const CAUSES: readonly ErrorCause[] = ['out_of_memory', 'missing_file', 'bad_config', 'missing_dependency', 'unknown'];
/** status.json larger than this is not one the workbench wrote (they are a few kilobytes). */
const MAX_STATUS_BYTES = 4 * 1024 * 1024;

class BadField extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, key: string): string {
  if (typeof o[key] !== 'string') throw new BadField(key, `"${key}" must be a string`);
  return o[key] as string;
}
function strOrNull(o: Obj, key: string, optional = false): string | null {
  if ((optional && o[key] === undefined) || o[key] === null) return null;
  return str(o, key);
}
function count(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new BadField(key, `"${key}" must be a whole number ≥ 0`);
  return v;
}
function pid(o: Obj, key: string): number | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new BadField(key, `"${key}" must be a process id (a whole number > 0) or null`);
  return v;
}
function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[]): T {
  const v = o[key];
  if (!allowed.includes(v as T)) throw new BadField(key, `"${key}" must be one of ${allowed.join(', ')}`);
  return v as T;
}
function strings(o: Obj, key: string): string[] {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new BadField(key, `"${key}" must be a list of strings`);
  return v as string[];
}
function stamp(o: Obj, key: string): ProcessStamp | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  const ok = isObj(v) && Number.isInteger(v.pid) && (v.pid as number) > 0 && Number.isInteger(v.startTicks) && typeof v.bootId === 'string';
  if (!ok) throw new BadField(key, `"${key}" must be {pid, startTicks, bootId} or null`);
  return { pid: v.pid as number, startTicks: v.startTicks as number, bootId: v.bootId as string };
}

/** The run of `dir` from the parsed status.json `value`; throws BadField naming the first wrong field. */
function toRunInfo(value: unknown, dir: string): RunInfo {
  if (!isObj(value)) throw new BadField('', 'status.json must hold one JSON object');
  const error = value.error;
  if (error !== null && error !== undefined && !(isObj(error) && typeof error.message === 'string' && CAUSES.includes(error.cause as ErrorCause))) {
    throw new BadField('error', `"error" must be null or {message, cause} with cause one of ${CAUSES.join(', ')}`);
  }
  const pipeline = value.pipeline;
  if (pipeline !== null && pipeline !== undefined &&
    !(isObj(pipeline) && Array.isArray(pipeline.stages) && pipeline.stages.every((s) => typeof s === 'string') && Number.isInteger(pipeline.current) && (pipeline.current as number) >= 0)) {
    throw new BadField('pipeline', '"pipeline" must be null or {stages: [names], current: index}');
  }
  const launcher = value.launcher === undefined ? undefined : oneOf(value, 'launcher', ['local', 'accelerate'] as const);
  const eta = value.etaSeconds;
  if (eta !== undefined && eta !== null && (typeof eta !== 'number' || !Number.isFinite(eta))) throw new BadField('etaSeconds', '"etaSeconds" must be a number or null');
  const startedAt = str(value, 'startedAt');
  if (Number.isNaN(Date.parse(startedAt))) throw new BadField('startedAt', '"startedAt" must be an ISO date');
  return {
    id: path.basename(dir),
    dir,
    configPath: str(value, 'configPath'),
    stage: str(value, 'stage'),
    state: oneOf(value, 'state', STATES),
    step: count(value, 'step'),
    totalSteps: count(value, 'totalSteps'),
    pid: pid(value, 'pid'),
    startedAt,
    endedAt: strOrNull(value, 'endedAt'),
    command: str(value, 'command'),
    lastCheckpoint: strOrNull(value, 'lastCheckpoint', true),
    error: isObj(error) ? { message: error.message as string, cause: error.cause as ErrorCause } : null,
    checkpoints: strings(value, 'checkpoints'),
    resumedFrom: strOrNull(value, 'resumedFrom', true),
    launcher,
    pipeline: isObj(pipeline) ? { stages: pipeline.stages as string[], current: pipeline.current as number } : null,
    etaSeconds: (eta as number | null | undefined) ?? null,
    trainer: stamp(value, 'trainer'),
    writer: stamp(value, 'writer'),
  };
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** The run whose status.json is `text` in folder `dir`: the checked record, or a placeholder that says why not. */
export function parseRunStatus(text: string, dir: string): RunInfo {
  const file = path.join(dir, 'status.json');
  const parsed = parseJsonLine(text);
  if (!parsed.ok) return unreadableRun(dir, `${file}:${lineColumn(text, parsed.column)}: ${parsed.message}`);
  try {
    return toRunInfo(parsed.value, dir);
  } catch (error) {
    if (!(error instanceof BadField)) throw error;
    const node: JsonNode | undefined = error.key ? valueNode(parsed.tree, error.key) : parsed.tree;
    return unreadableRun(dir, `${file}:${lineColumn(text, node?.offset ?? parsed.tree.offset)}: ${error.message}`);
  }
}

/** Reads and checks `dir`/status.json; never throws (an unreadable file is a reason, not an exception). */
export function readRunStatus(dir: string): RunInfo {
  const file = path.join(dir, 'status.json');
  let text: string;
  try {
    const buffer = readFileSync(file);
    if (buffer.length > MAX_STATUS_BYTES) return unreadableRun(dir, `${file}: ${buffer.length} bytes is too large for a run status`);
    text = buffer.toString('utf8');
  } catch (error) {
    return unreadableRun(dir, `${file}: ${(error as Error).message}`);
  }
  return parseRunStatus(text, dir);
}

/** A run the list shows but cannot act on. */
export function unreadableRun(dir: string, reason: string): RunInfo {
  return {
    id: path.basename(dir), dir, configPath: '', stage: 'unknown', state: 'failed', step: 0, totalSteps: 0, pid: null,
    startedAt: new Date(0).toISOString(), endedAt: null, command: '', lastCheckpoint: null,
    error: { message: `Unreadable run: ${reason}`, cause: 'bad_config' }, checkpoints: [], unreadable: reason,
  };
}
