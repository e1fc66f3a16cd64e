/** `alw run CONFIG`: the same run the editor starts, streamed to the terminal. */
import * as path from 'node:path';
import type { RunInfo, TrainerEvent } from '../../protocol';
import { pythonFor } from '../../engine/python/pythonFor';
import { RunManager } from '../../engine/runs/runManager';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const runHelp = `alw run CONFIG [--runs-dir DIR] [--python PATH]
  Start a training run from a YAML run config and stream its progress. The run folder (resolved config,
  equivalent command line, events, checkpoints) goes under --runs-dir (default: .alw/runs beside the
  current folder). Ctrl+C cancels: the trainer saves a checkpoint first. Exit 0 done, 1 failed, 130 cancelled.`;

export async function runCommand(args: ParsedArgs): Promise<number> {
  const config = args.positional[0];
  if (!config) throw new UsageError('run needs a CONFIG file');
  const info = await runToEnd(config, {
    runsDir: stringOption(args, 'runs-dir') ?? path.resolve('.alw', 'runs'),
    python: stringOption(args, 'python'),
  });
  return info.state === 'done' ? 0 : info.state === 'cancelled' ? 130 : 1;
}

export async function runToEnd(config: string, options: { runsDir: string; python?: string }): Promise<RunInfo> {
  const manager = new RunManager({ runsDir: options.runsDir, python: () => pythonFor(options.python, undefined) });
  try {
    manager.onEvent(({ event }) => printEvent(event));
    const info = manager.start(config);
    console.error(`run ${info.id} in ${info.dir}\n  ${info.command}`);
    const cancel = () => {
      console.error('cancelling: the trainer saves a checkpoint first…');
      manager.cancel(info.id);
    };
    process.once('SIGINT', cancel);
    const end = await manager.waitForEnd(info.id);
    process.off('SIGINT', cancel);
    console.error(`run ${end.id}: ${end.state}${end.lastCheckpoint ? `, last checkpoint ${end.lastCheckpoint}` : ''}`);
    return end;
  } finally {
    manager.dispose();
  }
}

function printEvent(event: TrainerEvent): void {
  switch (event.type) {
    case 'start': return console.error(`start ${event.stage} on ${event.device}, ${event.total_steps} steps`);
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
