/**
 * Eval runs (`stage: eval`), for `alw eval run` and the engine's `workbench/eval/start` alike: the options checked
 * and saved (eval.json, so a resume rebuilds the same requests), the requests planned from the benchmark data
 * (requests.jsonl), the run config (eval.yaml) started by the runs machinery in a normal run folder, and once the
 * run is done its results scored into predictions.jsonl (the harness's fields plus task), with `--method both`
 * predictions-loglikelihood.jsonl, and metrics.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { EvalStartParams, RunInfo } from '../../protocol';
import { EXTRACTION_MODES, type ExtractionMode } from '../../core/evaluation/answerExtraction';
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import { EVAL_METHODS, planRequests, shotSplit, type EvalMethod, type PlannedRequest } from '../../core/evaluation/evalPrompts';
import { runMetrics, scoreRun, type EvalResult, type RunScores } from '../../core/evaluation/evalResults';
import { unscorable } from '../../core/evaluation/scorePredictions';
import { jsonObjects } from '../../core/formats/jsonObjects';
import { newRunId, runFiles } from '../runs/runFolder';
import type { RunManager } from '../runs/runManager';
import { writeFileAtomic } from '../shared/atomicWrite';
import { UsageError } from '../shared/usageError';
import { loadBenchmark } from './benchmarkFiles';
import { readEvalItems } from './evalItems';
import { BenchmarkData } from './evalPredictions';

/** What a run was asked with (eval.json): enough to build the same requests again. */
export interface EvalOptions {
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

export const EVAL_JSON = 'eval.json';
const REQUESTS = 'requests.jsonl';

function count(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} takes ${min ? 'a positive' : 'a non-negative'} integer (got ${value})`);
  return value;
}

/** The options checked (the model folder, the benchmark and its data, the method and extraction) and made absolute. */
export function evalOptionsOf(params: EvalStartParams): { options: EvalOptions; definition: BenchmarkDefinition; batchSize?: number } {
  const { benchmark, model, data } = params;
  if (!benchmark) throw new UsageError('eval run needs --benchmark NAME|FILE');
  if (!model) throw new UsageError('eval run needs --model DIR (a Hugging Face model folder or a LoRA adapter)');
  if (!data) throw new UsageError('eval run needs --data DIR (the benchmark data folder)');
  if (!existsSync(model) || !statSync(model).isDirectory()) throw new UsageError(`--model ${model}: no such folder`);
  const method = (params.method ?? 'generative') as EvalOptions['method'];
  if (!EVAL_METHODS.includes(method)) throw new UsageError(`--method must be ${EVAL_METHODS.join(', ')}`);
  const { file, definition } = loadBenchmark(benchmark);
  const reason = unscorable(definition);
  if (reason) throw new Error(reason.replace('alw eval score', 'alw eval run'));
  const extraction = (params.extraction ?? definition.extraction ?? 'arabic') as ExtractionMode;
  if (!EXTRACTION_MODES.includes(extraction)) throw new UsageError(`--extraction must be ${EXTRACTION_MODES.join(' or ')}`);
  const { split } = BenchmarkData.open(definition, data, params.split);
  const options: EvalOptions = {
    benchmark: path.resolve(file), model: path.resolve(model), data: path.resolve(data), split, method,
    methods: method === 'both' ? ['generative', 'loglikelihood'] : [method], chat: !!params.chat,
    limit: count('--limit', params.limit, 1), shots: count('--shots', params.shots, 0), extraction,
  };
  return { options, definition, batchSize: count('--batch-size', params.batchSize, 1) };
}

export async function planEval(definition: BenchmarkDefinition, options: EvalOptions): Promise<PlannedRequest[]> {
  const items = await readEvalItems(definition, options.data, options.split);
  const fromSplit = options.shots === 0 ? undefined : shotSplit(definition, options.chat);
  const pool = !fromSplit ? new Map() : fromSplit === options.split ? items : await readEvalItems(definition, options.data, fromSplit, [...items.keys()]);
  const planned = planRequests(definition, items, pool, options);
  if (!planned.length) throw new Error(`no items of ${definition.name} in split ${options.split} under ${options.data}`);
  return planned;
}

const requestsText = (planned: readonly PlannedRequest[]) => planned.map((p) => JSON.stringify(p.request)).join('\n') + '\n';

/** A started (or resumed) eval run and what scoring it needs. */
export interface StartedEval {
  dir: string;
  options: EvalOptions;
  definition: BenchmarkDefinition;
  planned: PlannedRequest[];
  run: RunInfo;
}

/** A new run folder with the requests and the eval config in it, started by the runs machinery (not waited for). */
export async function startEvalRun(manager: RunManager, params: EvalStartParams): Promise<StartedEval> {
  const { options, definition, batchSize } = evalOptionsOf(params);
  const planned = await planEval(definition, options);
  const dir = path.join(path.resolve(manager.runsDir), newRunId('eval'));
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir);
  const config = path.join(dir, 'eval.yaml');
  try {
    writeFileAtomic(path.join(dir, REQUESTS), requestsText(planned));
    writeFileAtomic(path.join(dir, EVAL_JSON), JSON.stringify(options, null, 2) + '\n');
    const maxLength = (definition.generation as { max_length?: number } | undefined)?.max_length;
    const evaluation = { requests: REQUESTS, ...(batchSize ? { batch_size: batchSize } : {}), ...(maxLength ? { max_length: maxLength } : {}) };
    writeFileAtomic(config, `# alw eval run: ${definition.name} (${options.method}${options.chat ? ', chat' : ''})\n${stringify({ stage: 'eval', model: options.model, evaluation })}`);
    return { dir, options, definition, planned, run: await manager.start(config, dir) };
  } catch (error) {
    if (!existsSync(runFiles(dir).status)) rmSync(dir, { recursive: true, force: true }); // nothing started
    throw error;
  }
}

/** eval.json of a run folder, and the requests built again from it (refused when the benchmark or its data changed). */
export async function evalRunPlan(dir: string): Promise<Omit<StartedEval, 'run'>> {
  const saved = path.join(dir, EVAL_JSON);
  if (!existsSync(saved)) throw new Error(`run ${path.basename(dir)} is not an alw eval run (no ${saved})`);
  const options = JSON.parse(readFileSync(saved, 'utf8')) as EvalOptions;
  const { definition } = loadBenchmark(options.benchmark);
  const planned = await planEval(definition, options);
  if (readFileSync(path.join(dir, REQUESTS), 'utf8') !== requestsText(planned)) {
    throw new Error(`${path.join(dir, REQUESTS)}: the benchmark or its data changed since run ${path.basename(dir)} started: start a new run`);
  }
  return { dir, options, definition, planned };
}

export async function resumeEvalRun(manager: RunManager, runId: string): Promise<StartedEval> {
  const plan = await evalRunPlan(manager.get(runId).dir);
  return { ...plan, run: await manager.resume(runId) };
}

/** results.jsonl by request id (a later line for an id replaces an earlier one); a bad line is an error at its place. */
export function readResults(file: string): Map<string, EvalResult> {
  if (!existsSync(file)) throw new Error(`${file}: the trainer wrote no results`);
  const results = new Map<string, EvalResult>();
  for (const { value, line } of jsonObjects<EvalResult>(readFileSync(file, 'utf8'), file)) {
    if (typeof value.id !== 'string') throw new Error(`${file}:${line}:1: a result needs an "id"`);
    results.set(value.id, value);
  }
  return results;
}

/** Scores a done run's results.jsonl and writes predictions.jsonl (and -loglikelihood) and metrics.json. */
export function scoreEvalRun(run: Omit<StartedEval, 'run'>): { scores: RunScores; metrics: Record<string, unknown> } {
  const { dir, options, definition, planned } = run;
  const scores = scoreRun(definition, planned, readResults(path.join(runFiles(dir).output, 'results.jsonl')), options.extraction);
  const lines = (method: string) => scores.predictions.filter((p) => p.method === method).map((p) => JSON.stringify(p)).join('\n') + '\n';
  // predictions.jsonl is the headline method's, so `alw eval score --predictions RUNDIR` scores one answer per item.
  writeFileAtomic(path.join(dir, 'predictions.jsonl'), lines(options.methods[0]));
  if (options.methods.length > 1) writeFileAtomic(path.join(dir, 'predictions-loglikelihood.jsonl'), lines('loglikelihood'));
  const metrics = { ...runMetrics(scores, options.method), model: options.model, split: options.split, chat: options.chat };
  writeFileAtomic(path.join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  return { scores, metrics };
}
