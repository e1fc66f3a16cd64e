/**
 * Loads a run config (YAML), checks it (the schema, then what the schema cannot say: files that must exist,
 * stage-specific rules, pipeline references), and resolves every path against the config file's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { keyPathText, runConfigSchema, schemaProblems, stageNames, type ConfigProblem } from './runConfigSchema';

export interface ResolvedConfig {
  stage: string;
  /** The config as the trainer will read it: every path absolute. */
  data: Record<string, unknown>;
  yaml: string;
  /** For `stage: pipeline`: the stage names in order. */
  pipeline?: string[];
}

export class RunConfigError extends Error {}

export function loadRunConfig(configPath: string): ResolvedConfig {
  const absolute = path.resolve(configPath);
  const raw = readConfigFile(absolute);
  const errors = runConfigProblems(raw, absolute).filter((p) => p.severity === 'error');
  if (errors.length === 1) throw new RunConfigError(`${absolute}: ${problemText(errors[0])}`);
  if (errors.length) throw new RunConfigError(`${absolute}: ${errors.length} problems:\n${errors.map((p) => `  ${problemText(p)}`).join('\n')}`);
  const config = resolvePaths(raw as Record<string, any>, path.dirname(absolute));
  const pipeline = config.stage === 'pipeline' ? (config.stages as Array<{ name: string }>).map((s) => s.name) : undefined;
  return { stage: String(config.stage), data: config, yaml: stringify(config), pipeline };
}

export function problemText(problem: ConfigProblem): string {
  return problem.path.length && !problem.atKey ? `${keyPathText(problem.path)}: ${problem.message}` : problem.message;
}

function readConfigFile(absolute: string): unknown {
  if (!existsSync(absolute)) throw new RunConfigError(`Run config not found: ${absolute}`);
  let raw: unknown;
  try {
    raw = parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new RunConfigError(`${absolute}: invalid YAML: ${(error as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new RunConfigError(`${absolute}: a run config must be a YAML mapping`);
  return raw;
}

/** What a pipeline hands a stage (`model_from`, `reward_model_from`), so the stage's own config may leave it out. */
export interface ProvidedByPipeline {
  model?: boolean;
  rewardModel?: boolean;
}

/** Schema problems, then the semantic ones; `file` (absolute) anchors relative paths. */
export function runConfigProblems(raw: unknown, file: string, provided: ProvidedByPipeline = {}): ConfigProblem[] {
  const problems = schemaProblems(raw);
  if (!isMapping(raw) || !stageNames().includes(raw.stage)) return problems;
  const base = path.dirname(file);
  return [...problems, ...(raw.stage === 'pipeline' ? pipelineProblems(raw, base) : stageProblems(raw, base, provided))];
}

function stageProblems(config: Record<string, any>, base: string, provided: ProvidedByPipeline): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (at: ConfigProblem['path'], message: string) => problems.push({ path: at, message, severity: 'error' });
  const missing = (p: unknown): p is string => typeof p === 'string' && p !== '' && !existsSync(path.resolve(base, p));

  const model = typeof config.model === 'string' ? { path: config.model } : isMapping(config.model) ? config.model : {};
  const modelKey = typeof config.model === 'string' ? ['model'] : ['model', 'path'];
  const modelMissing = missing(model.path);
  if (modelMissing && !model.create_tiny_if_missing && !provided.model) {
    error(modelKey, `model folder not found: ${path.resolve(base, model.path)}`);
  }
  if (!provided.model) problems.push(...hubModelProblems(model));
  if (config.stage === 'eval') return [...problems, ...evalProblems(config, base), ...stageOnlyProblems(config)];

  const data = isMapping(config.data) ? config.data : {};
  const hasMix = Array.isArray(data.mix);
  if (!config.data) error([], 'data.train (or, for pretrain, data.mix) is required');
  else if (hasMix && data.train !== undefined) error(['data'], 'set either data.train or data.mix, not both');
  else if (!hasMix && data.train === undefined) error(['data'], 'data.train (or, for pretrain, data.mix) is required');
  if (hasMix && config.stage !== 'pretrain') error(['data', 'mix'], `data.mix is only supported for stage pretrain (this is ${config.stage})`);
  for (const [at, file] of listedPaths(data.train, ['data', 'train'])) {
    if (missing(file)) error(at, `training data not found: ${path.resolve(base, file)}`);
  }
  (hasMix ? data.mix : []).forEach((part: any, i: number) => {
    if (isMapping(part) && missing(part.path)) error(['data', 'mix', i, 'path'], `training data not found: ${path.resolve(base, part.path)}`);
  });
  if (modelMissing && model.create_tiny_if_missing) {
    for (const [at, file] of listedPaths(model.tiny_corpus, ['model', 'tiny_corpus'])) {
      if (missing(file)) error(at, `tiny-model corpus not found: ${path.resolve(base, file)}`);
    }
  }

  const training = isMapping(config.training) ? config.training : {};
  const positive = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback) > 0;
  if (!positive(training.max_steps, -1) && !positive(training.num_train_epochs, 1)) {
    error(['training', 'max_steps'], 'set training.max_steps or training.num_train_epochs to a positive number');
  }
  if (config.stage === 'rlaif') problems.push(...rlaifProblems(config, training, base, provided));
  return [...problems, ...stageOnlyProblems(config)];
}

/** The variable that turns network on: `model.hub_id` is then allowed and the trainer may use the Hub. */
export const NETWORK_VARIABLE = 'ALW_ALLOW_NETWORK';

export function networkAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[NETWORK_VARIABLE] === '1';
}

/** `model.hub_id` instead of `model.path`: only one of them, never with a tiny model, only with network on. */
function hubModelProblems(model: Record<string, any>): ConfigProblem[] {
  const error = (at: ConfigProblem['path'], message: string): ConfigProblem[] => [{ path: at, message, severity: 'error' }];
  if (model.hub_id === undefined) {
    return model.path === undefined ? error(['model'], 'model.path (a local model folder) is required, or model.hub_id with network on') : [];
  }
  if (model.path !== undefined) return error(['model', 'hub_id'], 'set either model.path or model.hub_id, not both');
  if (model.create_tiny_if_missing) return error(['model', 'create_tiny_if_missing'], 'needs a local model.path, not model.hub_id');
  if (typeof model.hub_id === 'string' && !networkAllowed()) {
    return error(['model', 'hub_id'], `model.hub_id: ${model.hub_id} needs the network, and network is off: set ${NETWORK_VARIABLE}=1 to let the trainer download it from the Hugging Face Hub (or set model.path to a local model folder)`);
  }
  return [];
}

function rlaifProblems(config: Record<string, any>, training: Record<string, any>, base: string, provided: ProvidedByPipeline): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const rlaif = isMapping(config.rlaif) ? config.rlaif : {};
  const rewardModel = rlaif.reward_model;
  if (provided.rewardModel) {
    // the pipeline passes an earlier stage's reward model
  } else if (typeof rewardModel !== 'string' || !rewardModel) {
    problems.push({ path: config.rlaif ? ['rlaif'] : [], severity: 'error',
      message: 'rlaif.reward_model is required: the folder of a trained reward model (a stage reward output)' });
  } else if (!existsSync(path.resolve(base, rewardModel, 'config.json'))) {
    problems.push({ path: ['rlaif', 'reward_model'], severity: 'error', message: `reward model not found: ${path.resolve(base, rewardModel)} (no config.json)` });
  }
  const generations = typeof rlaif.num_generations === 'number' ? rlaif.num_generations : schemaDefault('rlaif', 'num_generations');
  const batch = numberOr(training.per_device_train_batch_size, schemaDefault('training', 'per_device_train_batch_size'))
    * numberOr(training.gradient_accumulation_steps, schemaDefault('training', 'gradient_accumulation_steps'));
  if (generations >= 2 && batch % generations) {
    problems.push({ path: rlaif.num_generations !== undefined ? ['rlaif', 'num_generations'] : ['training', 'per_device_train_batch_size'], severity: 'error',
      message: `${generations} generations per prompt must divide per_device_train_batch_size × gradient_accumulation_steps (${batch}): each batch holds whole groups of completions` });
  }
  return problems;
}

/** stage eval: a requests file that exists; the training sections do not apply (the trainer says so). */
function evalProblems(config: Record<string, any>, base: string): ConfigProblem[] {
  const requests = isMapping(config.evaluation) ? config.evaluation.requests : undefined;
  if (typeof requests !== 'string' || !requests) {
    return [{ path: config.evaluation ? ['evaluation'] : [], severity: 'error', message: 'evaluation.requests is required: the JSONL file of requests to answer' }];
  }
  if (!existsSync(path.resolve(base, requests))) {
    return [{ path: ['evaluation', 'requests'], severity: 'error', message: `requests file not found: ${path.resolve(base, requests)}` }];
  }
  return [];
}

/** Keys that only one stage reads (marked `x-stage` in the schema): set for another stage, the trainer ignores them. */
function stageOnlyProblems(config: Record<string, any>): ConfigProblem[] {
  const definitions = runConfigSchema.definitions ?? {};
  const candidates: Array<[ConfigProblem['path'], unknown]> = [
    [['rlaif'], definitions.rlaif?.['x-stage']], [['evaluation'], definitions.evaluation?.['x-stage']],
  ];
  for (const key of Object.keys(isMapping(config.training) ? config.training : {})) {
    candidates.push([['training', key], definitions.training?.properties?.[key]?.['x-stage']]);
  }
  return candidates
    .filter(([at, only]) => only && only !== config.stage && at.reduce((v: any, k) => v?.[k], config) !== undefined)
    .map(([at, only]) => ({ path: at, atKey: true, severity: 'warning' as const,
      message: `${keyPathText(at)} is read by stage ${only} only: ignored for stage ${config.stage}` }));
}

function schemaDefault(section: string, key: string): number {
  return Number(runConfigSchema.definitions?.[section]?.properties?.[key]?.default);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** A pipeline's stages: their configs exist and are valid, names are unique, `*_from` name earlier stages. */
function pipelineProblems(config: Record<string, any>, base: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen: string[] = [];
  (Array.isArray(config.stages) ? config.stages : []).forEach((stage: any, i: number) => {
    if (!isMapping(stage)) return;
    const at = (key: string) => ['stages', i, key];
    const error = (key: string, message: string) => problems.push({ path: at(key), message, severity: 'error' });
    if (typeof stage.name === 'string' && seen.includes(stage.name)) error('name', `duplicate stage name "${stage.name}"`);
    for (const key of ['model_from', 'reward_model_from']) {
      const from = stage[key];
      const previous = key === 'model_from' && from === 'previous' && seen.length > 0;
      if (typeof from === 'string' && !previous && !seen.includes(from)) {
        error(key, `"${from}" is not an earlier stage of this pipeline (earlier: ${seen.join(', ') || 'none'}${key === 'model_from' ? ', or previous' : ''})`);
      }
    }
    if (typeof stage.name === 'string') seen.push(stage.name);
    if (typeof stage.config !== 'string' || !stage.config) return;
    const file = path.resolve(base, stage.config);
    let raw: unknown;
    try {
      raw = readConfigFile(file);
    } catch (e) {
      return error('config', (e as Error).message);
    }
    if (isMapping(raw) && raw.stage === 'pipeline') return error('config', `${file}: a pipeline stage cannot itself be a pipeline`);
    if (isMapping(raw) && stage.reward_model_from !== undefined && raw.stage !== 'rlaif') {
      error('reward_model_from', `applies to stage rlaif configs only (${stage.config} is stage ${raw.stage})`);
    }
    const provided = { model: typeof stage.model_from === 'string', rewardModel: typeof stage.reward_model_from === 'string' };
    for (const p of runConfigProblems(raw, file, provided)) {
      if (p.severity === 'error') error('config', `${file}: ${problemText(p)}`);
    }
  });
  return problems;
}

/** Every path in the config made absolute: the copy written to the run folder, which the trainer reads. */
function resolvePaths(raw: Record<string, any>, base: string): Record<string, any> {
  const config = structuredClone(raw);
  const resolve = (p: unknown) => (typeof p === 'string' && p !== '' ? path.resolve(base, p) : p);
  const resolveAll = (v: unknown) => (Array.isArray(v) ? v.map(resolve) : resolve(v));
  if (config.stage === 'pipeline') {
    for (const stage of config.stages) stage.config = resolve(stage.config);
  } else {
    if (typeof config.model === 'string') config.model = { path: config.model };
    if (config.model.path !== undefined) config.model.path = resolve(config.model.path);
    if (config.model.tiny_corpus !== undefined) config.model.tiny_corpus = resolveAll(config.model.tiny_corpus);
    if (config.data?.train !== undefined) config.data.train = resolveAll(config.data.train);
    for (const part of config.data?.mix ?? []) part.path = resolve(part.path);
    if (typeof config.rlaif?.reward_model === 'string') config.rlaif.reward_model = resolve(config.rlaif.reward_model);
    if (typeof config.evaluation?.requests === 'string') config.evaluation.requests = resolve(config.evaluation.requests);
  }
  if (config.output_dir !== undefined) config.output_dir = resolve(config.output_dir);
  const presets = runConfigSchema.definitions?.launcher?.properties?.preset?.examples ?? [];
  if (typeof config.launcher?.preset === 'string' && !presets.includes(config.launcher.preset)) {
    // not a shipped preset: the path of the user's accelerate config file
    config.launcher.preset = resolve(config.launcher.preset);
  }
  return config;
}

function listedPaths(value: unknown, at: ConfigProblem['path']): Array<[ConfigProblem['path'], unknown]> {
  return Array.isArray(value) ? value.map((v, i) => [[...at, i], v]) : value === undefined ? [] : [[at, value]];
}

function isMapping(value: unknown): value is Record<string, any> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
