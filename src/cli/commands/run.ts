/** `alw run CONFIG`: the same run the editor starts, streamed to the terminal. */
import * as path from 'node:path';
import type { RunInfo, TrainerEvent } from '../../protocol';
import { pythonFor } from '../../engine/python/pythonFor';
import { RunManager } from '../../engine/runs/runManager';
import { notReadableFile } from '../../engine/shared/fileChecks';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { checkRunConfig } from './runConfigCheck';

export const runHelp = `alw run CONFIG [--check] [--resume] [--runs-dir DIR] [--python PATH]
  Start a training run (or a pipeline) from a YAML run config and stream its progress. The config is checked
  first, its problems printed as FILE:LINE:COLUMN: severity message (1-based) as the editor shows them; an
  error stops here (exit 1). --check only checks the config (exit 0 when it has no error). The environment is
  checked next (Python, torch, devices, free disk, memory estimate; see alw env): blocking problems stop the
  run before it starts. The run folder (resolved config, env.json, command.txt with the equivalent command
  line, events, checkpoints) goes under --runs-dir (default: .alw/runs in the current folder).
  --resume continues the latest stopped run of this CONFIG from its last checkpoint, in the same run folder.
  Ctrl+C cancels: the trainer saves a checkpoint first (a second Ctrl+C stops at once). Without alw, create
  the file STOP in the run's output folder to stop a run the same way. Exit 0 done, 1 failed, 130 cancelled.`;

export async function runCommand(args: ParsedArgs): Promise<number> {
  const config = args.positional[0];
  if (!config) throw new UsageError('run needs a CONFIG file');
  const unreadable = notReadableFile(config);
  if (unreadable) throw new Error(unreadable);
  const check = checkRunConfig(config);
  check.lines.forEach((line) => console.error(line));
  if (check.errors > 0) return 1;
  if (args.options.has('check')) return (console.error(`${config}: no errors`), 0);
  const manager = managerFor(args);
  try {
    if (!args.options.has('resume')) return exitCode(await streamRun(manager, await manager.start(config)));
    const source = path.resolve(config);
    const previous = manager.list().find((r) => r.configPath === source && ['cancelled', 'failed'].includes(r.state));
    if (!previous) throw new Error(`no cancelled or failed run of ${source} in ${manager.runsDir} to resume`);
    return exitCode(await streamRun(manager, await manager.resume(previous.id)));
  } finally {
    manager.dispose();
  }
}

/** The run manager of --runs-dir (default .alw/runs here) with the trainer's Python (--python, else found). */
export function managerFor(args: ParsedArgs): RunManager {
  return newManager(stringOption(args, 'runs-dir') ?? path.resolve('.alw', 'runs'), stringOption(args, 'python'));
}

function newManager(runsDir: string, python: string | undefined): RunManager {
  return new RunManager({ runsDir, python: () => pythonFor(python, undefined) });
}

export function exitCode(end: RunInfo): number {
  return end.state === 'done' ? 0 : end.state === 'cancelled' ? 130 : 1;
}

/** Prints a started (or resumed) run's events until it ends; Ctrl+C cancels it with a checkpoint. */
export async function streamRun(manager: RunManager, info: RunInfo): Promise<RunInfo> {
  const off = manager.onEvent(({ runId, event }) => runId === info.id && printEvent(event));
  console.error(`run ${info.id} in ${info.dir}${info.resumedFrom ? `\n  resuming from ${info.resumedFrom}` : ''}\n  ${info.command}`);
  let asked = false;
  const cancel = () => {
    console.error(asked
      ? 'stopping at once, keeping the last checkpoint… (Ctrl+C once more leaves alw without waiting)'
      : info.stage === 'eval'
        ? 'cancelling: the trainer stops after its current batch, keeping the answers so far… (Ctrl+C again stops at once)'
        : 'cancelling: the trainer saves a checkpoint first… (Ctrl+C again stops at once)');
    if (asked) process.off('SIGINT', cancel); // a third Ctrl+C ends alw itself
    asked = true;
    manager.cancel(info.id);
  };
  process.on('SIGINT', cancel);
  const end = await manager.waitForEnd(info.id);
  process.off('SIGINT', cancel);
  off();
  console.error(`run ${end.id}: ${end.state}${end.lastCheckpoint ? `, last checkpoint ${end.lastCheckpoint}` : ''}`);
  return end;
}

/** Starts a run and streams it to its end (alw demo). */
export async function runToEnd(config: string, options: { runsDir: string; python?: string }): Promise<RunInfo> {
  const manager = newManager(options.runsDir, options.python);
  try {
    return await streamRun(manager, await manager.start(config));
  } finally {
    manager.dispose();
  }
}

function printEvent(event: TrainerEvent): void {
  switch (event.type) {
    case 'start': {
      const stage = event.pipeline_stage ? ` (pipeline stage ${event.pipeline_index! + 1}/${event.pipeline_total}: ${event.pipeline_stage})` : '';
      const resumed = event.resumed_from ? `, resumed from ${event.resumed_from}` : '';
      return console.error(`start ${event.stage}${stage} on ${event.device}, ${event.total_steps} steps${resumed}`);
    }
    case 'metrics': {
      const values = Object.entries(event.metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join('  ');
      return console.error(`step ${event.step}  ${values}`);
    }
    case 'checkpoint': return console.error(`checkpoint ${event.path}`);
    case 'log': return console.error(`${event.level}: ${event.message}`);
    case 'done': return console.error(`done at step ${event.step}: ${event.output_dir}`);
    case 'cancelled': return console.error(`cancelled at step ${event.step}`);
    case 'error': return console.error(`error (${event.cause}): ${event.message}`);
  }
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? String(Number(v.toPrecision(5))) : v.toExponential(3);
}
