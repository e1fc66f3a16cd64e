/** `alw runs list|resume|delete`: the runs of a runs folder, as the editor's Runs view sees them. */
import type { RunInfo } from '../../protocol';
import { UsageError, stringOption, type ParsedArgs } from '../args';
import { exitCode, managerFor, streamRun } from './run';

export const runsHelp = `alw runs list|resume|delete [options]
  alw runs list [--json]                        every run, newest first: id, state, step, checkpoints, ETA
  alw runs resume RUN_ID [--checkpoint DIR]     continue a stopped run in its folder, from DIR (one of its
                                                checkpoints) or its latest; streamed like alw run (exit codes too)
  alw runs delete RUN_ID                        remove a stopped run's folder, checkpoints included
  Options: --runs-dir DIR (default .alw/runs in the current folder), --python PATH.`;

export async function runsCommand(args: ParsedArgs): Promise<number> {
  const [action, runId] = args.positional;
  if (!['list', 'resume', 'delete'].includes(action)) throw new UsageError('runs needs list, resume or delete');
  if (action !== 'list' && !runId) throw new UsageError(`runs ${action} needs a RUN_ID (see alw runs list)`);
  const manager = managerFor(args);
  try {
    if (action === 'list') {
      const runs = manager.list();
      console.log(args.options.has('json') ? JSON.stringify(runs, null, 2) : runs.map(describeRun).join('\n') || `no runs in ${manager.runsDir}`);
      return 0;
    }
    if (action === 'delete') {
      const { dir } = manager.get(runId);
      await manager.delete(runId);
      console.log(`deleted run ${runId} (${dir})`);
      return 0;
    }
    return exitCode(await streamRun(manager, await manager.resume(runId, stringOption(args, 'checkpoint'))));
  } finally {
    manager.dispose();
  }
}

function describeRun(run: RunInfo): string {
  if (run.unreadable) return `${run.id}  unreadable\n    ${run.unreadable}`;
  const steps = run.totalSteps > 0 ? `${run.step}/${run.totalSteps}` : String(run.step);
  const stage = run.pipeline ? `pipeline ${run.pipeline.current + 1}/${run.pipeline.stages.length} ${run.stage}` : run.stage;
  const eta = run.state === 'running' && run.etaSeconds != null ? `  eta ${formatDuration(run.etaSeconds)}` : '';
  const checkpoints = run.checkpoints?.length ? `  ${run.checkpoints.length} checkpoint${run.checkpoints.length > 1 ? 's' : ''}` : '';
  const problem = run.error ? `\n    ${run.error.cause}: ${run.error.message.split('\n')[0]}` : '';
  return `${run.id}  ${run.state.padEnd(9)}  ${stage}  step ${steps}${checkpoints}${eta}  ${run.startedAt}${problem}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
