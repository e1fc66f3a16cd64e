/**
 * Starts trainer processes, follows their events, cancels them, and re-attaches to runs that outlived
 * an engine restart. One instance per runs folder; used by the LSP engine and by the `alw` CLI.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunEventNotification, RunInfo, RunState, TrainerEvent } from '../../protocol';
import { EventTail } from './eventTail';
import { explainCrash } from './failureCause';
import { loadRunConfig } from './runConfig';
import { newRunId, readRunFolders, runFiles, tailOfFile, writeStatus } from './runFolder';
import { commandLine } from './shellQuote';

const TERMINAL: ReadonlySet<RunState> = new Set(['done', 'cancelled', 'failed']);

interface LiveRun {
  info: RunInfo;
  events: TrainerEvent[];
  tail?: EventTail;
  watchdog?: NodeJS.Timeout;
}

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

  start(configPath: string): RunInfo {
    const config = loadRunConfig(configPath);
    const id = newRunId(config.stage);
    const dir = path.join(this.options.runsDir, id);
    const files = runFiles(dir);
    mkdirSync(files.output, { recursive: true });
    writeFileSync(files.config, config.yaml);
    const python = this.options.python();
    const args = ['-m', 'alw_trainer', 'run', files.config, '--output-dir', files.output];
    const env = { HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1', PYTHONUNBUFFERED: '1' };
    const command = `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} ${commandLine([python, ...args])}`;
    writeFileSync(files.command, `# The same run without the editor (stdout is the event stream):\n${command}\n`);

    const out = openSync(files.events, 'a');
    const err = openSync(files.log, 'a');
    const child = spawn(python, args, {
      cwd: path.dirname(path.resolve(configPath)),
      detached: true,
      stdio: ['ignore', out, err],
      env: { ...process.env, ...env, ...this.options.env },
    });
    closeSync(out);
    closeSync(err);
    child.unref();

    const info: RunInfo = {
      id, dir, configPath: path.resolve(configPath), stage: config.stage, state: 'starting', step: 0,
      totalSteps: Number((config.data.training as any)?.max_steps ?? 0), pid: child.pid ?? null,
      startedAt: new Date().toISOString(), endedAt: null, command, lastCheckpoint: null, error: null,
    };
    const run: LiveRun = { info, events: [] };
    this.runs.set(id, run);
    writeStatus(info);
    child.on('error', (error) => this.finishUnreported(run, null, `Could not start ${python}: ${error.message}`));
    child.on('exit', (code) => this.finishUnreported(run, code));
    this.follow(run);
    return info;
  }

  cancel(runId: string): RunInfo {
    const run = this.live(runId);
    if (!TERMINAL.has(run.info.state) && run.info.pid) {
      // The trainer leads its own process group (detached): signal the group so launcher children stop too.
      signal(-run.info.pid, 'SIGTERM') || signal(run.info.pid, 'SIGTERM');
    }
    return run.info;
  }

  /** Resolves when the run reaches done, cancelled or failed. */
  waitForEnd(runId: string): Promise<RunInfo> {
    const run = this.live(runId);
    if (TERMINAL.has(run.info.state)) return Promise.resolve(run.info);
    return new Promise((resolve) => {
      const off = this.onEvent((n) => {
        if (n.runId === runId && TERMINAL.has(n.run.state)) {
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

  /** Picks up every run folder; live trainers are followed again, dead ones are closed honestly. */
  private reattach(): void {
    for (const info of readRunFolders(this.options.runsDir)) {
      const run: LiveRun = { info, events: [] };
      this.runs.set(info.id, run);
      if (TERMINAL.has(info.state)) {
        for (const line of readFileSync(runFiles(info.dir).events, 'utf8').split('\n')) {
          if (line.trim()) try { run.events.push(JSON.parse(line)); } catch { /* noise line */ }
        }
        continue;
      }
      this.follow(run);
      run.watchdog = setInterval(() => {
        if (!isAlive(info.pid)) this.finishUnreported(run, null);
      }, 1000);
    }
  }

  private follow(run: LiveRun): void {
    run.tail = new EventTail(runFiles(run.info.dir).events, (event) => this.apply(run, event));
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
    switch (event.type) {
      case 'start':
        info.state = 'running';
        info.stage = event.stage;
        info.totalSteps = event.total_steps;
        break;
      case 'progress':
        info.state = 'running';
        info.step = event.step;
        info.totalSteps = event.total_steps;
        break;
      case 'checkpoint':
        info.lastCheckpoint = event.path;
        break;
      case 'done':
        info.state = 'done';
        info.step = event.step;
        break;
      case 'cancelled':
        info.state = 'cancelled';
        info.step = event.step;
        info.lastCheckpoint = event.checkpoint ?? info.lastCheckpoint;
        break;
      case 'error':
        info.state = 'failed';
        info.error = { message: event.message, cause: event.cause };
        break;
    }
    if (TERMINAL.has(info.state) && !info.endedAt) info.endedAt = new Date().toISOString();
    run.events.push(event);
    if (info.state !== before || event.type !== 'metrics') writeStatus(info);
    this.emitter.emit('event', { runId: info.id, index: run.events.length - 1, event, run: { ...info } });
    if (TERMINAL.has(info.state)) this.unfollow(run);
  }

  /** The process is gone: read its last events, and if it never said how it ended, say it for it. */
  private finishUnreported(run: LiveRun, exitCode: number | null, startError?: string): void {
    run.tail?.poll();
    if (TERMINAL.has(run.info.state)) return this.unfollow(run);
    const { message, cause } = startError
      ? { message: startError, cause: 'missing_dependency' as const }
      : explainCrash(tailOfFile(runFiles(run.info.dir).log), exitCode);
    const event: TrainerEvent = { type: 'error', message, cause, time: Date.now() / 1000 };
    writeFileSync(runFiles(run.info.dir).events, JSON.stringify(event) + '\n', { flag: 'a' });
    run.tail?.poll();
    if (!TERMINAL.has(run.info.state)) this.apply(run, event);
  }
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number | null): boolean {
  if (!pid) return false;
  if (!signal(pid, 0)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  // A recycled pid belongs to some other program: only a trainer counts as the run being alive.
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('alw_trainer');
}
