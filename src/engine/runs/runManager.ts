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
import type { EnvReport, RunEventNotification, RunEventsResult, RunInfo, RunOverview, TrainerEvent } from '../../protocol';
import { writeFileAtomic } from '../shared/atomicWrite';
import { listCheckpoints } from './checkpoints';
import { EventLog } from './eventLog';
import { explainCrash } from './failureCause';
import { loadRunConfig, RunConfigError } from './runConfig';
import { newRunId, runFolderPaths, runFiles, tailOfFile, writeStatus } from './runFolder';
import { buildOverview } from './runOverview';
import { checkTrainer, otherWriterAlive, ownStamp, trainerRunning } from './runProcesses';
import { RunProgress } from './runProgress';
import { readRunStatus } from './runStatus';
import { stampOf } from '../shared/processStamp';
import { exited, refuseLiveFolder, resumeTarget, signal } from './runGuards';
import { commandText, trainerEnv } from './trainerEnv';
import { envCheck, launchCommand, type LaunchCommand, type TrainerProcess } from './trainerQuery';

export { trainerEnv };

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
  progress: RunProgress;
  /** The index of events.jsonl; polled while the run is followed, on demand otherwise. */
  log: EventLog;
  /** Whether new events move `info` along (a live run) or are only indexed (a finished one). */
  following: boolean;
  /** Whether this manager is the run's one writer of status.json (it spawned the trainer, or adopted the run). */
  owner: boolean;
  timer?: NodeJS.Timeout;
  /** When status.json was last written for a progress event (it is throttled: a step can take milliseconds). */
  statusWrittenAt?: number;
  /** status.json's mtime when last read or written here: a change means another process wrote it. */
  statusMtime: number;
  /** Since when a followed run's trainer is gone while its other writer has not said so. */
  orphanSince?: number;
}

const PROGRESS_STATUS_EVERY_MS = 1000;
const POLL_MS = 150;
const WATCH_MS = 1000;
/** How long another writer gets to record its trainer's end before this manager adopts the run and says it. */
const ORPHAN_GRACE_MS = 10_000;

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
  private disposed = false;

  constructor(private readonly options: RunManagerOptions) {
    this.rescan();
  }

  get runsDir(): string {
    return this.options.runsDir;
  }

  onEvent(listener: (n: RunEventNotification) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Every run folder as it is now: folders made, changed or removed by other processes (alw run) included. */
  list(): RunInfo[] {
    this.rescan();
    return [...this.runs.values()].map((r) => r.info).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(runId: string): RunInfo {
    return this.live(runId).info;
  }

  /** One bounded page of a run's events, read from its events.jsonl. */
  events(runId: string, since = 0, limit?: number): RunEventsResult {
    const run = this.live(runId);
    run.log.poll();
    const events = run.log.page(since, limit);
    return { events, next: Math.min(run.log.count, Math.max(0, since) + events.length), total: run.log.count };
  }

  /** What the Run panel opens with: decimated metrics and the run's important events, bounded in size. */
  overview(runId: string, buckets?: number): RunOverview {
    const run = this.live(runId);
    run.log.poll();
    return buildOverview(run.info, run.log, buckets);
  }

  /** What the run would meet (devices, disk, memory estimate); never throws for a bad config: it is a problem. */
  async envCheck(configPath: string): Promise<EnvReport> {
    const config = path.resolve(configPath);
    const report = await envCheck(this.trainer(config), config, this.runsDir);
    this.recentReports.set(config, { at: Date.now(), mtimeMs: mtimeOf(config), report });
    return report;
  }

  /**
   * `folder`: a folder of this runs folder that the caller made and filled with the run's inputs (alw eval run:
   * the config and its requests), not a run yet (no status.json); it becomes the run folder, named after it.
   * Removed like a new folder when the run cannot start.
   */
  async start(configPath: string, folder?: string): Promise<RunInfo> {
    const source = path.resolve(configPath);
    const config = loadRunConfig(source);
    const trainer = this.trainer(source);
    const report = await this.checkEnvironment(trainer, source);
    const id = folder ? path.basename(folder) : newRunId(config.stage);
    const dir = path.join(path.resolve(this.options.runsDir), id);
    refuseLiveFolder(dir);
    const files = runFiles(dir);
    if (folder) {
      if (path.resolve(folder) !== dir) throw new RunConfigError(`${folder} is not a folder of the runs folder ${this.options.runsDir}`);
      if (existsSync(files.status) || existsSync(files.output)) throw new RunConfigError(`${dir} is a run folder already: a new run is never started into it`);
    } else {
      mkdirSync(path.dirname(dir), { recursive: true });
      mkdirSync(dir); // not recursive: a folder of that name already there is never started into
    }
    mkdirSync(files.output);
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
    const run = this.track(info);
    this.spawnTrainer(run, launch, trainer);
    return info;
  }

  /** A new trainer process in the same run folder, from a checkpoint (default: the latest); events keep appending. */
  async resume(runId: string, checkpoint?: string): Promise<RunInfo> {
    const run = this.live(runId);
    this.reread(run);
    const info = run.info;
    if (info.unreadable) throw new RunConfigError(`Run ${runId} cannot be resumed: ${info.unreadable}`);
    if (!run.owner) refuseLiveFolder(info.dir); // a run another process writes, or one it resumed meanwhile
    if (!isFinished(info.state)) throw new RunConfigError(`Run ${runId} is ${info.state}: only a stopped run can be resumed`);
    if (!(await exited(info))) throw new RunConfigError(`Run ${runId} is still stopping (pid ${info.pid}): try again in a moment`);
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
    this.reread(run);
    const { state, pid, launcher } = run.info;
    if (run.info.unreadable || isFinished(state) || !pid) return run.info;
    const stopFile = runFiles(run.info.dir).stop;
    // Signals go only to this run's own trainer, verified; a recycled pid or a copied folder's pid gets none.
    const verified = checkTrainer(run.info) === 'this';
    if (existsSync(stopFile)) {
      // Asked a second time: stop the whole process group (the trainer leads it) without waiting for a step end.
      if (verified) signal(-pid, 'SIGTERM') || signal(pid, 'SIGTERM');
      return run.info;
    }
    mkdirSync(path.dirname(stopFile), { recursive: true });
    writeFileSync(stopFile, `cancelled ${new Date().toISOString()}\n`);
    // One process also gets SIGTERM, which stops it even while it loads its model. Not the launcher of a
    // multi-process run: torchrun may kill a rank mid-collective instead of letting every rank checkpoint.
    if (verified && launcher !== 'accelerate') signal(pid, 'SIGTERM');
    return run.info;
  }

  /** Removes a stopped run's folder (checkpoints included): the folder it was found in, whatever status.json says. */
  async delete(runId: string): Promise<{ deleted: boolean }> {
    const run = this.live(runId);
    this.reread(run);
    const { state, unreadable } = run.info;
    if (unreadable) throw new Error(`Run ${runId} cannot be deleted here: ${unreadable}. Fix or remove ${runFiles(run.info.dir).status} by hand`);
    if (!isFinished(state) || !(await exited(run.info))) throw new Error(`Run ${runId} is ${isFinished(state) ? 'still stopping' : state}: cancel it before deleting it`);
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
    this.disposed = true;
    for (const run of this.runs.values()) this.unfollow(run);
    this.emitter.removeAllListeners();
  }

  private live(runId: string): LiveRun {
    const run = this.runs.get(runId) ?? (this.rescan(), this.runs.get(runId));
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
    run.log.poll(); // the earlier attempts' events are indexed, not applied again
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
    Object.assign(run.info, { pid, trainer: stampOf(pid), writer: ownStamp() } satisfies Partial<RunInfo>);
    run.owner = true;
    this.writeStatus(run);
    // Events from an earlier attempt were applied already; an earlier attempt's late exit is not this one's.
    const current = () => run.info.pid === pid;
    child.on('error', (error) => current() && this.finishUnreported(run, null, `Could not start ${program}: ${error.message}`));
    child.on('exit', (code) => current() && this.finishUnreported(run, code));
    this.follow(run, false);
  }

  /** A record (and an event index) for a run folder; not followed yet. */
  private track(info: RunInfo): LiveRun {
    const run: LiveRun = {
      info, progress: new RunProgress(info), following: false, owner: false, statusMtime: mtimeOf(runFiles(info.dir).status),
      log: new EventLog(runFiles(info.dir).events, (event, index) => run.following && this.apply(run, event, index)),
    };
    this.runs.set(info.id, run);
    return run;
  }

  /**
   * Brings the list in line with the runs folder: new folders are picked up (live trainers followed, dead ones
   * closed honestly), removed ones dropped, and status.json files another process wrote are read again.
   */
  private rescan(): void {
    if (this.disposed) return;
    const found = new Set<string>();
    for (const dir of runFolderPaths(this.options.runsDir)) {
      const id = path.basename(dir);
      found.add(id);
      const known = this.runs.get(id);
      if (known) {
        this.reread(known);
        continue;
      }
      const info = readRunStatus(dir);
      const run = this.track(info);
      if (info.unreadable) continue;
      info.checkpoints = listCheckpoints(runFiles(dir).output, info.pipeline?.stages);
      if (!isFinished(info.state)) this.adoptOrFollow(run);
    }
    for (const [id, run] of this.runs) {
      if (found.has(id) || run.owner) continue;
      this.unfollow(run);
      this.runs.delete(id);
    }
  }

  /** Reads status.json again when another process changed it (this manager never rereads what it wrote itself). */
  private reread(run: LiveRun): void {
    if (run.owner) return;
    const mtime = mtimeOf(runFiles(run.info.dir).status);
    if (mtime === run.statusMtime) return;
    run.statusMtime = mtime;
    const fresh = readRunStatus(run.info.dir);
    for (const key of Object.keys(run.info) as Array<keyof RunInfo>) if (!(key in fresh)) delete run.info[key];
    Object.assign(run.info, fresh);
    if (!fresh.unreadable) run.info.checkpoints = listCheckpoints(runFiles(run.info.dir).output, fresh.pipeline?.stages);
    if (!fresh.unreadable && !isFinished(fresh.state) && !run.following) this.adoptOrFollow(run);
    else if ((fresh.unreadable || isFinished(fresh.state)) && run.following) this.unfollow(run); // its writer closed it
  }

  /** A live run found on disk: follow another live writer's run read-only; otherwise become its writer. */
  private adoptOrFollow(run: LiveRun): void {
    run.owner = !otherWriterAlive(run.info);
    run.log.poll(); // status.json already counts the events written so far
    this.follow(run, true);
    if (run.owner && !trainerRunning(run.info)) this.finishUnreported(run, null);
  }

  private follow(run: LiveRun, watch: boolean): void {
    this.unfollow(run);
    run.following = true;
    let lastWatch = Date.now();
    run.timer = setInterval(() => {
      run.log.poll();
      if (watch && Date.now() - lastWatch >= WATCH_MS) {
        lastWatch = Date.now();
        this.watch(run);
      }
    }, POLL_MS);
  }

  /** Once a second for a run this manager did not spawn: is its trainer still there, is its writer? */
  private watch(run: LiveRun): void {
    if (!run.owner) {
      this.reread(run);
      if (!run.following) return;
      if (!otherWriterAlive(run.info)) run.owner = true; // its writer died: this manager takes over
      else if (!trainerRunning(run.info)) {
        // The writer says running, the trainer is gone (or never was this folder's: a copy). Give the writer time.
        run.orphanSince ??= Date.now();
        if (Date.now() - run.orphanSince < ORPHAN_GRACE_MS) return;
        run.owner = true;
      } else {
        run.orphanSince = undefined;
        return;
      }
    }
    if (!trainerRunning(run.info)) this.finishUnreported(run, null);
  }

  private unfollow(run: LiveRun): void {
    if (run.following) run.log.poll();
    run.following = false;
    if (run.timer) clearInterval(run.timer);
    run.timer = undefined;
    run.orphanSince = undefined;
  }

  private apply(run: LiveRun, event: TrainerEvent, index: number): void {
    const info = run.info;
    const before = info.state;
    run.progress.apply(event);
    if (event.type === 'checkpoint' || event.type === 'cancelled' || event.type === 'done') {
      info.checkpoints = listCheckpoints(runFiles(info.dir).output, info.pipeline?.stages);
    }
    const now = Date.now();
    const due = event.type === 'progress' ? now - (run.statusWrittenAt ?? 0) >= PROGRESS_STATUS_EVERY_MS : event.type !== 'metrics';
    if (run.owner && (info.state !== before || due)) {
      this.writeStatus(run);
      run.statusWrittenAt = now;
    }
    this.emitter.emit('event', { runId: info.id, index, event, run: { ...info } });
    if (isFinished(info.state) && run.owner && before !== info.state) run.owner = false; // the next start writes again
  }

  private writeStatus(run: LiveRun): void {
    writeStatus(run.info);
    run.statusMtime = mtimeOf(runFiles(run.info.dir).status);
  }

  /** The process is gone: read its last events, and if it never said how it ended, say it for it. */
  private finishUnreported(run: LiveRun, exitCode: number | null, startError?: string): void {
    if (this.disposed) return; // the manager now in charge of this runs folder says it
    run.log.poll();
    if (!isFinished(run.info.state)) {
      const { message, cause } = startError
        ? { message: startError, cause: 'missing_dependency' as const }
        : explainCrash(tailOfFile(runFiles(run.info.dir).log), exitCode);
      const event: TrainerEvent = { type: 'error', message, cause, time: Date.now() / 1000 };
      // Appended, not replaced: the file is the trainer's stdout, and a straggling process may still hold it.
      run.owner = true;
      appendFileSync(runFiles(run.info.dir).events, JSON.stringify(event) + '\n');
      run.log.poll();
    }
    this.unfollow(run);
    run.owner = false;
  }
}
