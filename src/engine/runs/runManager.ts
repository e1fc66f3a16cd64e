/**
 * Starts trainer processes (after an environment check), follows their events, cancels, resumes and deletes
 * runs, and re-attaches to runs that outlived an engine restart. One instance per runs folder; used by the LSP
 * engine and by the `alw` CLI.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isFinished } from '../../core/runs/runStates';
import type { EnvReport, RunEventNotification, RunInfo, TrainerEvent } from '../../protocol';
import { writeFileAtomic } from '../shared/atomicWrite';
import { listCheckpoints } from './checkpoints';
import { EventTail } from './eventTail';
import { explainCrash } from './failureCause';
import { loadRunConfig, networkAllowed, RunConfigError } from './runConfig';
import { newRunId, readRunFolders, runFiles, tailOfFile, writeStatus } from './runFolder';
import { RunProgress } from './runProgress';
import { commandLine, shellQuote } from './shellQuote';
import { envCheck, launchCommand, type LaunchCommand, type TrainerProcess } from './trainerQuery';

/** What the engine sets for the trainer; with network on (ALW_ALLOW_NETWORK=1) it does not force the Hub offline. */
export function trainerEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { ...(networkAllowed(env) ? {} : { HF_HUB_OFFLINE: '1' }), HF_HUB_DISABLE_TELEMETRY: '1', PYTHONUNBUFFERED: '1' };
}
/** How long a report from `envCheck` stands in for the check at start (same config file, unchanged). */
const ENV_REPORT_REUSE_MS = 120_000;

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

interface LiveRun {
  info: RunInfo;
  events: TrainerEvent[];
  progress: RunProgress;
  tail?: EventTail;
  watchdog?: NodeJS.Timeout;
  /** When status.json was last written for a progress event (it is throttled: a step can take milliseconds). */
  statusWrittenAt?: number;
}

const PROGRESS_STATUS_EVERY_MS = 1000;

export interface RunManagerOptions {
  runsDir: string;
  /** The Python that runs `-m alw_trainer`. */
  python: () => string;
  /** Extra environment for the trainer (tests point HF caches somewhere). */
  env?: NodeJS.ProcessEnv;
}

export class RunManager {
  private readonly runs = new Map<string, LiveRun>();
  private readonly emitter = new EventEmitter();
  private readonly recentReports = new Map<string, { at: number; mtimeMs: number; report: EnvReport }>();

  constructor(private readonly options: RunManagerOptions) {
    this.reattach();
  }

  get runsDir(): string {
    return this.options.runsDir;
  }

  onEvent(listener: (n: RunEventNotification) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  list(): RunInfo[] {
    return [...this.runs.values()].map((r) => r.info).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(runId: string): RunInfo {
    return this.live(runId).info;
  }

  events(runId: string, since = 0): { events: TrainerEvent[]; next: number } {
    const run = this.live(runId);
    run.tail?.poll();
    return { events: run.events.slice(since), next: run.events.length };
  }

  /** What the run would meet (devices, disk, memory estimate); never throws for a bad config: it is a problem. */
  async envCheck(configPath: string): Promise<EnvReport> {
    const config = path.resolve(configPath);
    const report = await envCheck(this.trainer(config), config, this.runsDir);
    this.recentReports.set(config, { at: Date.now(), mtimeMs: mtimeOf(config), report });
    return report;
  }

  async start(configPath: string): Promise<RunInfo> {
    const source = path.resolve(configPath);
    const config = loadRunConfig(source);
    const trainer = this.trainer(source);
    const report = await this.checkEnvironment(trainer, source);
    const id = newRunId(config.stage);
    const dir = path.join(this.options.runsDir, id);
    const files = runFiles(dir);
    mkdirSync(files.output, { recursive: true });
    let launch: LaunchCommand;
    try {
      writeFileAtomic(files.config, config.yaml);
      writeFileAtomic(files.env, JSON.stringify(report, null, 2) + '\n');
      launch = await launchCommand(trainer, files.config, files.output);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true }); // nothing started: leave no half-made run behind
      throw error;
    }
    const command = commandText(launch, trainer.cwd);
    writeFileAtomic(files.command, `# The same run without the editor (stdout is the event stream):\n${command}\n# To stop it with a checkpoint, create ${files.stop} (the stopped run removes it).\n`);
    const info: RunInfo = {
      id, dir, configPath: source, stage: config.stage, state: 'starting', step: 0,
      totalSteps: Number((config.data.training as any)?.max_steps ?? 0), pid: null,
      startedAt: new Date().toISOString(), endedAt: null, command, lastCheckpoint: null, error: null,
      checkpoints: [], resumedFrom: null, launcher: launch.launcher, etaSeconds: null,
      pipeline: config.pipeline ? { stages: config.pipeline, current: 0 } : null,
    };
    const run: LiveRun = { info, events: [], progress: new RunProgress(info) };
    this.runs.set(id, run);
    this.spawnTrainer(run, launch, trainer);
    return info;
  }

  /** A new trainer process in the same run folder, from a checkpoint (default: the latest); events keep appending. */
  async resume(runId: string, checkpoint?: string): Promise<RunInfo> {
    const run = this.live(runId);
    const info = run.info;
    if (!isFinished(info.state)) throw new RunConfigError(`Run ${runId} is ${info.state}: only a stopped run can be resumed`);
    if (!(await exited(info.pid))) throw new RunConfigError(`Run ${runId} is still stopping (pid ${info.pid}): try again in a moment`);
    const files = runFiles(info.dir);
    const checkpoints = listCheckpoints(files.output, info.pipeline?.stages);
    const from = resumeTarget(info, checkpoints, checkpoint);
    const trainer = this.trainer(info.configPath);
    writeFileAtomic(files.env, JSON.stringify(await this.checkEnvironment(trainer, files.config), null, 2) + '\n');
    const launch = await launchCommand(trainer, files.config, files.output, from.argument);
    const command = commandText(launch, trainer.cwd);
    const before = existsSync(files.command) ? readFileSync(files.command, 'utf8') : '';
    writeFileAtomic(files.command, `${before}\n# Resumed ${new Date().toISOString()} from ${from.checkpoint ?? 'where it stopped'}:\n${command}\n`);
    Object.assign(info, {
      state: 'starting', endedAt: null, error: null, etaSeconds: null, resumedFrom: from.checkpoint, command,
      launcher: launch.launcher, checkpoints,
    } satisfies Partial<RunInfo>);
    this.spawnTrainer(run, launch, trainer);
    return info;
  }

  cancel(runId: string): RunInfo {
    const run = this.live(runId);
    const { state, pid, launcher } = run.info;
    if (isFinished(state) || !pid) return run.info;
    const stopFile = runFiles(run.info.dir).stop;
    if (existsSync(stopFile)) {
      // Asked a second time: stop the whole process group (the trainer leads it) without waiting for a step end.
      signal(-pid, 'SIGTERM') || signal(pid, 'SIGTERM');
      return run.info;
    }
    mkdirSync(path.dirname(stopFile), { recursive: true });
    writeFileSync(stopFile, `cancelled ${new Date().toISOString()}\n`);
    // One process also gets SIGTERM, which stops it even while it loads its model. Not the launcher of a
    // multi-process run: torchrun may kill a rank mid-collective instead of letting every rank checkpoint.
    if (launcher !== 'accelerate') signal(pid, 'SIGTERM');
    return run.info;
  }

  /** Removes a stopped run's folder (checkpoints included); a running run is refused. */
  async delete(runId: string): Promise<{ deleted: boolean }> {
    const run = this.live(runId);
    const { state, pid } = run.info;
    if (!isFinished(state) || !(await exited(pid))) throw new Error(`Run ${runId} is ${isFinished(state) ? 'still stopping' : state}: cancel it before deleting it`);
    const dir = path.resolve(run.info.dir);
    if (path.dirname(dir) !== path.resolve(this.options.runsDir)) throw new Error(`Refusing to delete ${dir}: it is not a run folder of ${this.options.runsDir}`);
    this.unfollow(run);
    rmSync(dir, { recursive: true, force: true });
    this.runs.delete(runId);
    return { deleted: true };
  }

  /** Resolves when the run reaches done, cancelled or failed. */
  waitForEnd(runId: string): Promise<RunInfo> {
    const run = this.live(runId);
    if (isFinished(run.info.state)) return Promise.resolve(run.info);
    return new Promise((resolve) => {
      const off = this.onEvent((n) => {
        if (n.runId === runId && isFinished(n.run.state)) {
          off();
          resolve(n.run);
        }
      });
    });
  }

  dispose(): void {
    for (const run of this.runs.values()) this.unfollow(run);
    this.emitter.removeAllListeners();
  }

  private live(runId: string): LiveRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`No run "${runId}" in ${this.options.runsDir}`);
    return run;
  }

  private trainer(configPath: string): TrainerProcess {
    const folder = path.dirname(configPath);
    return {
      python: this.options.python(),
      env: { ...process.env, ...trainerEnv({ ...process.env, ...this.options.env }), ...this.options.env },
      cwd: existsSync(folder) ? folder : this.options.runsDir,
    };
  }

  private async checkEnvironment(trainer: TrainerProcess, config: string): Promise<EnvReport> {
    // The client usually asked for the report just before starting: checking again would import torch twice.
    const recent = this.recentReports.get(config);
    const fresh = recent && Date.now() - recent.at < ENV_REPORT_REUSE_MS && recent.mtimeMs === mtimeOf(config);
    const report = fresh ? recent.report : await envCheck(trainer, config, this.options.runsDir);
    this.recentReports.delete(config);
    if (report.problems.length) {
      throw new RunConfigError(`The run cannot start; the environment check found:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    return report;
  }

  private spawnTrainer(run: LiveRun, launch: LaunchCommand, trainer: TrainerProcess): void {
    const files = runFiles(run.info.dir);
    rmSync(files.stop, { force: true }); // an earlier cancel's
    const out = openSync(files.events, 'a');
    const err = openSync(files.log, 'a');
    const [program, ...args] = launch.argv;
    // The stop file the engine's cancel writes, whatever ALW_STOP_FILE the engine itself inherited.
    const env = { ...trainer.env, ALW_STOP_FILE: files.stop };
    const child = spawn(program, args, { cwd: trainer.cwd, detached: true, stdio: ['ignore', out, err], env });
    closeSync(out);
    closeSync(err);
    child.unref();
    const pid = child.pid ?? null;
    run.info.pid = pid;
    writeStatus(run.info);
    // Events from an earlier attempt were applied already; an earlier attempt's late exit is not this one's.
    const current = () => run.info.pid === pid;
    child.on('error', (error) => current() && this.finishUnreported(run, null, `Could not start ${program}: ${error.message}`));
    child.on('exit', (code) => current() && this.finishUnreported(run, code));
    this.follow(run, true);
  }

  /** Picks up every run folder; live trainers are followed again (their events replayed), dead ones are closed honestly. */
  private reattach(): void {
    for (const info of readRunFolders(this.options.runsDir)) {
      const run: LiveRun = { info, events: [], progress: new RunProgress(info) };
      this.runs.set(info.id, run);
      info.checkpoints = listCheckpoints(runFiles(info.dir).output, info.pipeline?.stages);
      if (isFinished(info.state)) {
        const events = runFiles(info.dir).events;
        for (const line of existsSync(events) ? readFileSync(events, 'utf8').split('\n') : []) {
          if (line.trim()) try { run.events.push(JSON.parse(line)); } catch { /* noise line */ }
        }
        continue;
      }
      this.follow(run, false);
      if (!trainerAlive(info.pid)) {
        this.finishUnreported(run, null);
        continue;
      }
      run.watchdog = setInterval(() => {
        if (!trainerAlive(info.pid)) this.finishUnreported(run, null);
      }, 1000);
    }
  }

  private follow(run: LiveRun, newEventsOnly: boolean): void {
    run.tail?.stop();
    run.tail = new EventTail(runFiles(run.info.dir).events, (event) => this.apply(run, event));
    if (newEventsOnly) run.tail.skipExisting();
    run.tail.start();
  }

  private unfollow(run: LiveRun): void {
    run.tail?.stop();
    run.tail = undefined;
    if (run.watchdog) clearInterval(run.watchdog);
    run.watchdog = undefined;
  }

  private apply(run: LiveRun, event: TrainerEvent): void {
    const info = run.info;
    const before = info.state;
    run.progress.apply(event);
    if (event.type === 'checkpoint' || event.type === 'cancelled' || event.type === 'done') {
      info.checkpoints = listCheckpoints(runFiles(info.dir).output, info.pipeline?.stages);
    }
    run.events.push(event);
    const now = Date.now();
    const due = event.type === 'progress' ? now - (run.statusWrittenAt ?? 0) >= PROGRESS_STATUS_EVERY_MS : event.type !== 'metrics';
    if (info.state !== before || due) {
      writeStatus(info);
      run.statusWrittenAt = now;
    }
    this.emitter.emit('event', { runId: info.id, index: run.events.length - 1, event, run: { ...info } });
  }

  /** The process is gone: read its last events, and if it never said how it ended, say it for it. */
  private finishUnreported(run: LiveRun, exitCode: number | null, startError?: string): void {
    run.tail?.poll();
    if (!isFinished(run.info.state)) {
      const { message, cause } = startError
        ? { message: startError, cause: 'missing_dependency' as const }
        : explainCrash(tailOfFile(runFiles(run.info.dir).log), exitCode);
      const event: TrainerEvent = { type: 'error', message, cause, time: Date.now() / 1000 };
      // Appended, not replaced: the file is the trainer's stdout, and a straggling process may still hold it.
      appendFileSync(runFiles(run.info.dir).events, JSON.stringify(event) + '\n');
      run.tail?.poll();
      if (!isFinished(run.info.state)) this.apply(run, event);
    }
    this.unfollow(run);
  }
}

function resumeTarget(info: RunInfo, checkpoints: string[], wanted: string | undefined): { argument: string; checkpoint: string | null } {
  if (wanted) {
    const absolute = path.resolve(wanted);
    if (info.pipeline) throw new RunConfigError('A pipeline run resumes where it stopped (finished stages are skipped): leave the checkpoint out');
    if (!checkpoints.includes(absolute)) {
      throw new RunConfigError(`${absolute} is not a checkpoint of run ${info.id}; its checkpoints: ${checkpoints.join(', ') || 'none'}`);
    }
    return { argument: absolute, checkpoint: absolute };
  }
  if (info.pipeline) return { argument: 'latest', checkpoint: checkpoints.at(-1) ?? null };
  const latest = checkpoints.at(-1);
  if (!latest) throw new RunConfigError(`Run ${info.id} has no checkpoint to resume from (no checkpoint-N folder in ${runFiles(info.dir).output})`);
  return { argument: latest, checkpoint: latest };
}

/** The line in command.txt: from the folder the trainer runs in, with the environment it gets. */
function commandText(launch: LaunchCommand, cwd: string): string {
  const env = Object.entries(trainerEnv()).map(([k, v]) => `${k}=${v}`).join(' ');
  return `cd ${shellQuote(cwd)} && ${env} ${commandLine(launch.argv)}`;
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** A cancelled trainer reports `cancelled` and then exits: give it a few seconds to be gone. */
async function exited(pid: number | null, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (trainerAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Whether `pid` is a live trainer process (the shared processAlive.isAlive does not check the program). */
function trainerAlive(pid: number | null): boolean {
  if (!pid) return false;
  if (!signal(pid, 0)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  // A recycled pid belongs to some other program: only a trainer counts as the run being alive.
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('alw_trainer');
}
