/**
 * `alw eval run`: asks a model a benchmark through the trainer (`stage: eval`) in a normal run folder (the Runs
 * view and `alw runs list` show it; cancel and resume are the runs machinery's), then scores its answers.
 *
 * The run folder holds, besides what every run has: eval.yaml (the run config it was started from),
 * requests.jsonl (every prompt, as sent), eval.json (the options, so `--resume` rebuilds the same requests),
 * and after scoring predictions.jsonl (the harness's fields plus task; `alw eval score --predictions RUNDIR`
 * re-scores it), predictions-loglikelihood.jsonl with `--method both`, and metrics.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { RunInfo } from '../../protocol';
import { EXTRACTION_MODES, type ExtractionMode } from '../../core/evaluation/answerExtraction';
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import { EVAL_METHODS, planRequests, shotSplit, type EvalMethod, type PlannedRequest } from '../../core/evaluation/evalPrompts';
import { runMetrics, scoreRun, type EvalResult, type RunScores } from '../../core/evaluation/evalResults';
import { unscorable } from '../../core/evaluation/scorePredictions';
import { iterateLines } from '../../core/formats/lines';
import { newRunId, runFiles } from '../../engine/runs/runFolder';
import type { RunManager } from '../../engine/runs/runManager';
import { writeFileAtomic } from '../../engine/shared/atomicWrite';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { loadBenchmark } from './evalBenchmark';
import { readEvalItems } from './evalItems';
import { BenchmarkData } from './evalPredictions';
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

/** What a run was asked with (eval.json): enough to build the same requests again. */
interface EvalOptions {
  benchmark: string;
  model: string;
  data: string;
  split: string;
  methods: EvalMethod[];
  method: (typeof EVAL_METHODS)[number];
  chat: boolean;
  limit?: number;
  shots?: number;
  extraction: ExtractionMode;
}

const EVAL_JSON = 'eval.json';
const REQUESTS = 'requests.jsonl';

function countOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const value = args.options.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`--${name} takes ${min ? 'a positive' : 'a non-negative'} integer (got ${typeof value === 'string' ? `"${value}"` : 'nothing'})`);
  }
  return Number(value);
}

function optionsOf(args: ParsedArgs): { options: EvalOptions; definition: BenchmarkDefinition; batchSize?: number } {
  const benchmark = stringOption(args, 'benchmark');
  const model = stringOption(args, 'model');
  const data = stringOption(args, 'data');
  if (!benchmark) throw new UsageError('eval run needs --benchmark NAME|FILE');
  if (!model) throw new UsageError('eval run needs --model DIR (a Hugging Face model folder or a LoRA adapter)');
  if (!data) throw new UsageError('eval run needs --data DIR (the benchmark data folder)');
  if (!existsSync(model) || !statSync(model).isDirectory()) throw new UsageError(`--model ${model}: no such folder`);
  const method = (stringOption(args, 'method') ?? 'generative') as EvalOptions['method'];
  if (!EVAL_METHODS.includes(method)) throw new UsageError(`--method must be ${EVAL_METHODS.join(', ')}`);
  const { file, definition } = loadBenchmark(benchmark);
  const reason = unscorable(definition);
  if (reason) throw new Error(reason.replace('alw eval score', 'alw eval run'));
  const extraction = (stringOption(args, 'extraction') ?? definition.extraction ?? 'arabic') as ExtractionMode;
  if (!EXTRACTION_MODES.includes(extraction)) throw new UsageError(`--extraction must be ${EXTRACTION_MODES.join(' or ')}`);
  const { split } = BenchmarkData.open(definition, data, stringOption(args, 'split'));
  const options: EvalOptions = {
    benchmark: path.resolve(file), model: path.resolve(model), data: path.resolve(data), split, method,
    methods: method === 'both' ? ['generative', 'loglikelihood'] : [method], chat: args.options.has('chat'),
    limit: countOption(args, 'limit', 1), shots: countOption(args, 'shots', 0), extraction,
  };
  return { options, definition, batchSize: countOption(args, 'batch-size', 1) };
}

async function plan(definition: BenchmarkDefinition, options: EvalOptions): Promise<PlannedRequest[]> {
  const items = await readEvalItems(definition, options.data, options.split);
  const fromSplit = options.shots === 0 ? undefined : shotSplit(definition, options.chat);
  const pool = !fromSplit ? new Map() : fromSplit === options.split ? items : await readEvalItems(definition, options.data, fromSplit, [...items.keys()]);
  const planned = planRequests(definition, items, pool, options);
  if (!planned.length) throw new Error(`no items of ${definition.name} in split ${options.split} under ${options.data}`);
  return planned;
}

const requestsText = (planned: readonly PlannedRequest[]) => planned.map((p) => JSON.stringify(p.request)).join('\n') + '\n';

/** A started (or resumed) eval run and what scoring it needs. */
interface EvalRun {
  dir: string;
  options: EvalOptions;
  definition: BenchmarkDefinition;
  planned: PlannedRequest[];
  end: RunInfo;
}

export async function evalRunCommand(args: ParsedArgs): Promise<number> {
  const manager = managerFor(args);
  try {
    const resumeId = args.options.has('resume') ? args.positional[1] : undefined; // --resume is a flag of alw
    if (args.options.has('resume') && !resumeId) throw new UsageError('--resume needs the RUN_ID of an eval run (see alw runs list)');
    const { dir, options, definition, planned, end } = resumeId ? await resumeEval(manager, resumeId) : await startEval(manager, args);
    if (end.state !== 'done') {
      console.error(`not scored: the run is ${end.state}; alw eval run --resume ${end.id}${args.options.has('runs-dir') ? ` --runs-dir ${manager.runsDir}` : ''} continues it and scores it`);
      return exitCode(end);
    }
    const scores = scoreRun(definition, planned, readResults(path.join(runFiles(dir).output, 'results.jsonl')), options.extraction);
    const metrics = writeScores(dir, scores, options);
    if (args.options.has('json')) console.log(JSON.stringify({ run: path.basename(dir), dir, ...metrics }, null, 2));
    else console.log(evalRunTable(definition, scores, dir));
    return 0;
  } finally {
    manager.dispose();
  }
}

/** A new run folder with the requests and the eval config in it, started by the runs machinery and followed to its end. */
async function startEval(manager: RunManager, args: ParsedArgs): Promise<EvalRun> {
  const { options, definition, batchSize } = optionsOf(args);
  const planned = await plan(definition, options);
  const dir = path.join(path.resolve(manager.runsDir), newRunId('eval'));
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir);
  const config = path.join(dir, 'eval.yaml');
  let started: RunInfo;
  try {
    writeFileAtomic(path.join(dir, REQUESTS), requestsText(planned));
    writeFileAtomic(path.join(dir, EVAL_JSON), JSON.stringify(options, null, 2) + '\n');
    const maxLength = (definition.generation as { max_length?: number } | undefined)?.max_length;
    const evaluation = { requests: REQUESTS, ...(batchSize ? { batch_size: batchSize } : {}), ...(maxLength ? { max_length: maxLength } : {}) };
    writeFileAtomic(config, `# alw eval run: ${definition.name} (${options.method}${options.chat ? ', chat' : ''})\n${stringify({ stage: 'eval', model: options.model, evaluation })}`);
    started = await manager.start(config, dir);
  } catch (error) {
    if (!existsSync(runFiles(dir).status)) rmSync(dir, { recursive: true, force: true }); // nothing started
    throw error;
  }
  return { dir, options, definition, planned, end: await streamRun(manager, started) };
}

/** The same requests built again from eval.json (refused when the benchmark or its data changed), the run resumed. */
async function resumeEval(manager: RunManager, runId: string): Promise<EvalRun> {
  const { dir } = manager.get(runId);
  const saved = path.join(dir, EVAL_JSON);
  if (!existsSync(saved)) throw new Error(`run ${runId} is not an alw eval run (no ${saved})`);
  const options = JSON.parse(readFileSync(saved, 'utf8')) as EvalOptions;
  const { definition } = loadBenchmark(options.benchmark);
  const planned = await plan(definition, options);
  if (readFileSync(path.join(dir, REQUESTS), 'utf8') !== requestsText(planned)) {
    throw new Error(`${path.join(dir, REQUESTS)}: the benchmark or its data changed since run ${runId} started: start a new run`);
  }
  return { dir, options, definition, planned, end: await streamRun(manager, await manager.resume(runId)) };
}

/** results.jsonl by request id (a later line for an id replaces an earlier one); a bad line is an error at its place. */
export function readResults(file: string): Map<string, EvalResult> {
  if (!existsSync(file)) throw new Error(`${file}: the trainer wrote no results`);
  const results = new Map<string, EvalResult>();
  for (const line of iterateLines(readFileSync(file, 'utf8'))) {
    if (!line.text.trim()) continue;
    let value: EvalResult;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      throw new Error(`${file}:${line.index + 1}:1: invalid JSON: ${(error as Error).message}`);
    }
    if (!value || typeof value.id !== 'string') throw new Error(`${file}:${line.index + 1}:1: a result needs an "id"`);
    results.set(value.id, value);
  }
  return results;
}

function writeScores(dir: string, scores: RunScores, options: EvalOptions): Record<string, unknown> {
  const lines = (method: string) => scores.predictions.filter((p) => p.method === method).map((p) => JSON.stringify(p)).join('\n') + '\n';
  // predictions.jsonl is the headline method's, so `alw eval score --predictions RUNDIR` scores one answer per item.
  writeFileAtomic(path.join(dir, 'predictions.jsonl'), lines(options.methods[0]));
  if (options.methods.length > 1) writeFileAtomic(path.join(dir, 'predictions-loglikelihood.jsonl'), lines('loglikelihood'));
  const metrics = { ...runMetrics(scores, options.method), model: options.model, split: options.split, chat: options.chat };
  writeFileAtomic(path.join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  return metrics;
}
