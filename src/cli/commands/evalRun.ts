/**
 * `alw eval run`: asks a model a benchmark through the trainer (`stage: eval`) in a normal run folder (the Runs
 * view and `alw runs list` show it; cancel and resume are the runs machinery's), then scores its answers.
 *
 * The run folder holds, besides what every run has: eval.yaml (the run config it was started from),
 * requests.jsonl (every prompt, as sent), eval.json (the options, so `--resume` rebuilds the same requests),
 * and after scoring predictions.jsonl (the harness's fields plus task; `alw eval score --predictions RUNDIR`
 * re-scores it), predictions-loglikelihood.jsonl with `--method both`, and metrics.json.
 */
import * as path from 'node:path';
import type { EvalStartParams } from '../../protocol';
import { resumeEvalRun, scoreEvalRun, startEvalRun } from '../../engine/evaluation/evalRuns';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { evalRunTable } from './evalRunTable';
import { exitCode, managerFor, streamRun } from './run';

export const evalRunHelp = `alw eval run --benchmark NAME|FILE --model DIR --data DIR [--split NAME] [--method generative|loglikelihood|both]
             [--chat] [--limit N] [--shots K] [--batch-size N] [--extraction arabic|acegpt] [--runs-dir DIR] [--python PATH] [--json]
alw eval run --resume RUN_ID [--runs-dir DIR] [--json]
  Ask a model (a Hugging Face folder or a LoRA adapter) a benchmark's items from --data DIR (split --split,
  default test) and score its answers. Base models get the definition's base prompts (MMLU, EXAMs: 5-shot from
  dev in the AceGPT format; ACVA: zero-shot), --chat models its chat prompts (zero-shot with the instruction) as
  a user message in the model's chat template. --method generative (default: greedy generation, the answer read
  by --extraction, default the definition's), loglikelihood (the option with the highest log-probability: acc,
  and per character: acc_norm) or both. --limit: the first N items of each task; --shots: K exemplars instead of
  the definition's (dropped last first when the context is too long). The run is a normal run folder under
  --runs-dir (default .alw/runs): Ctrl+C cancels it, --resume RUN_ID continues it (answered requests are kept)
  and scores it. Writes requests.jsonl, predictions.jsonl and metrics.json there; prints the results table.`;

function countOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const value = args.options.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`--${name} takes ${min ? 'a positive' : 'a non-negative'} integer (got ${typeof value === 'string' ? `"${value}"` : 'nothing'})`);
  }
  return Number(value);
}

/** The command line as the engine's eval start request (checked there, as for the Evaluate command). */
function paramsOf(args: ParsedArgs): EvalStartParams {
  return {
    benchmark: stringOption(args, 'benchmark') ?? '', model: stringOption(args, 'model') ?? '', data: stringOption(args, 'data') ?? '',
    split: stringOption(args, 'split'), method: stringOption(args, 'method') as EvalStartParams['method'], chat: args.options.has('chat'),
    limit: countOption(args, 'limit', 1), shots: countOption(args, 'shots', 0), batchSize: countOption(args, 'batch-size', 1),
    extraction: stringOption(args, 'extraction') as EvalStartParams['extraction'],
  };
}

export async function evalRunCommand(args: ParsedArgs): Promise<number> {
  const manager = managerFor(args);
  try {
    const resumeId = args.options.has('resume') ? args.positional[1] : undefined; // --resume is a flag of alw
    if (args.options.has('resume') && !resumeId) throw new UsageError('--resume needs the RUN_ID of an eval run (see alw runs list)');
    const started = resumeId ? await resumeEvalRun(manager, resumeId) : await startEvalRun(manager, paramsOf(args));
    const end = await streamRun(manager, started.run);
    if (end.state !== 'done') {
      console.error(`not scored: the run is ${end.state}; alw eval run --resume ${end.id}${args.options.has('runs-dir') ? ` --runs-dir ${manager.runsDir}` : ''} continues it and scores it`);
      return exitCode(end);
    }
    const { scores, metrics } = scoreEvalRun(started);
    if (args.options.has('json')) console.log(JSON.stringify({ run: path.basename(started.dir), dir: started.dir, ...metrics }, null, 2));
    else console.log(evalRunTable(started.definition, scores, started.dir));
    return 0;
  } finally {
    manager.dispose();
  }
}
