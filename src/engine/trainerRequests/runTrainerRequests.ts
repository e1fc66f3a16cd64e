/**
 * Answers a batch of model requests with ONE trainer process: writes requests.jsonl and a `stage: eval` config
 * into a run folder, runs `python -m alw_trainer run config.yaml --output-dir output` there, follows its JSON
 * events for progress and errors, and reads output/results.jsonl. The folder is kept when the run does not
 * finish, so running the same batch again lets the trainer skip what it already answered (its resume).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseResultLine, type TrainerRequest, type TrainerResult } from '../../core/trainerRequests/trainerRequests';
import { trainerEnv } from '../runs/trainerEnv';

export interface TrainerRequestsOptions {
  python: string;
  /** An HF model folder or a LoRA adapter folder. */
  model: string;
  /** The run folder; created if missing, removed once every request is answered. */
  runDir: string;
  batchSize?: number;
  signal: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The trainer failed as a whole (not one request): its error event's message, or its exit and stderr tail. */
export class TrainerRequestsError extends Error {}

/** The installed trainer has no `stage: eval` (an older trainer). */
export class EvalStageMissingError extends TrainerRequestsError {}

export class TrainerRequestsCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** The config error of a trainer whose stages do not include eval: "`stage` must be one of sft, … (got 'eval')". */
const stageRejected = (message: string) => /`stage` must be one of ([^(]*)/.exec(message)?.[1].split(/[,\s]+/).includes('eval') === false;

export async function runTrainerRequests(requests: readonly TrainerRequest[], options: TrainerRequestsOptions): Promise<Map<string, TrainerResult>> {
  const runDir = path.resolve(options.runDir);
  const outputDir = path.join(runDir, 'output');
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, 'requests.jsonl'), requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  // JSON is YAML: no YAML writer is needed for a config this small.
  const config = {
    stage: 'eval',
    model: path.resolve(options.model),
    evaluation: { requests: 'requests.jsonl', ...(options.batchSize ? { batch_size: options.batchSize } : {}) },
  };
  writeFileSync(path.join(runDir, 'config.yaml'), `${JSON.stringify(config, null, 2)}\n`);
  await runTrainer(runDir, outputDir, options);
  const results = readResults(path.join(outputDir, 'results.jsonl'));
  const missing = requests.filter((r) => !results.has(r.id));
  if (missing.length) throw new TrainerRequestsError(`the trainer finished without answering ${missing.length} of ${requests.length} requests (first: ${missing[0].id}); its run folder is ${runDir}`);
  rmSync(runDir, { recursive: true, force: true });
  return results;
}

function readResults(file: string): Map<string, TrainerResult> {
  const results = new Map<string, TrainerResult>();
  if (!existsSync(file)) return results;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const result = line.trim() ? parseResultLine(line) : undefined;
    if (result) results.set(result.id, result); // a resumed run may answer an id again: the last answer wins
  }
  return results;
}

function runTrainer(runDir: string, outputDir: string, options: TrainerRequestsOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return reject(new TrainerRequestsCancelled());
    const child = spawn(options.python, ['-m', 'alw_trainer', 'run', 'config.yaml', '--output-dir', outputDir], {
      cwd: runDir, env: { ...process.env, ...trainerEnv() }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    let stderr = '';
    let errorEvent: { message: string; cause?: string } | undefined;
    const onEvent = (line: string) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      if (event.type === 'progress' && typeof event.step === 'number' && typeof event.total_steps === 'number') options.onProgress?.(event.step, event.total_steps);
      if (event.type === 'error') errorEvent = { message: String(event.message), cause: typeof event.cause === 'string' ? event.cause : undefined };
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onEvent);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-8000); });
    const onAbort = () => {
      // The stop file cancels between batches; SIGTERM cancels a trainer still loading the model.
      mkdirSync(outputDir, { recursive: true });
      writeFileSync(path.join(outputDir, 'STOP'), '');
      child.kill('SIGTERM');
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(new TrainerRequestsError(`could not run ${options.python}: ${error.message}`));
    });
    child.on('close', (code) => {
      options.signal.removeEventListener('abort', onAbort);
      if (pending) onEvent(pending);
      if (options.signal.aborted) return reject(new TrainerRequestsCancelled());
      if (errorEvent && stageRejected(errorEvent.message)) {
        return reject(new EvalStageMissingError(`this trainer (${options.python}) has no \`stage: eval\`: update it (Set Up Python Environment, or pip install ./trainer) — it said: ${errorEvent.message}`));
      }
      if (errorEvent) return reject(new TrainerRequestsError(`the trainer failed: ${errorEvent.message} (run folder ${runDir})`));
      if (code !== 0 && /No module named alw_trainer/.test(stderr)) {
        return reject(new TrainerRequestsError(`${options.python} has no trainer (No module named alw_trainer): set ALW_PYTHON to the trainer's Python, or run "alw setup"`));
      }
      if (code !== 0) {
        const tail = stderr.trim().split('\n').slice(-5).join('\n');
        return reject(new TrainerRequestsError(`the trainer exited with ${code} (run folder ${runDir})${tail ? `:\n${tail}` : ''}`));
      }
      resolve();
    });
  });
}
