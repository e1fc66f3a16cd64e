/** Loads a run config (YAML), checks it, and resolves every path against the config file's folder. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

export const STAGES = ['pretrain', 'sft', 'reward', 'dpo'] as const;
export const PLANNED_STAGES = ['rlaif'] as const;

export interface ResolvedConfig {
  stage: string;
  /** The config as the trainer will read it: every path absolute. */
  data: Record<string, unknown>;
  yaml: string;
}

export class RunConfigError extends Error {}

export function loadRunConfig(configPath: string): ResolvedConfig {
  const absolute = path.resolve(configPath);
  if (!existsSync(absolute)) throw new RunConfigError(`Run config not found: ${absolute}`);
  let raw: unknown;
  try {
    raw = parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new RunConfigError(`${absolute}: invalid YAML: ${(error as Error).message}`);
  }
  if (!raw || typeof raw !== 'object') throw new RunConfigError(`${absolute}: a run config must be a YAML mapping`);
  const config = structuredClone(raw) as Record<string, any>;
  const stage = String(config.stage ?? '');
  if (!(STAGES as readonly string[]).includes(stage)) {
    const planned = (PLANNED_STAGES as readonly string[]).includes(stage) ? ' (planned, not built yet)' : '';
    throw new RunConfigError(`${absolute}: stage "${stage}"${planned} is not one of: ${STAGES.join(', ')}`);
  }
  const base = path.dirname(absolute);
  const resolve = (p: unknown) => (typeof p === 'string' && p !== '' ? path.resolve(base, p) : p);
  if (typeof config.model === 'string') config.model = { path: config.model };
  if (!config.model?.path) throw new RunConfigError(`${absolute}: model.path is required`);
  config.model.path = resolve(config.model.path);
  if (Array.isArray(config.model.tiny_corpus)) config.model.tiny_corpus = config.model.tiny_corpus.map(resolve);
  if (!config.model.create_tiny_if_missing && !existsSync(config.model.path)) {
    throw new RunConfigError(`${absolute}: model folder not found: ${config.model.path}`);
  }
  const mix = Array.isArray(config.data?.mix) ? config.data.mix : undefined;
  if (!config.data?.train && !mix) throw new RunConfigError(`${absolute}: data.train (or, for pretrain, data.mix) is required`);
  for (const key of Object.keys(config.data)) if (key !== 'mix') config.data[key] = resolve(config.data[key]);
  for (const part of mix ?? []) if (part && typeof part === 'object') part.path = resolve(part.path);
  const files: unknown[] = [config.data.train, ...(mix ?? []).map((part: any) => part?.path)].filter((f) => f !== undefined);
  for (const file of files) {
    if (typeof file !== 'string' || !existsSync(file)) throw new RunConfigError(`${absolute}: training data not found: ${file}`);
  }
  return { stage, data: config, yaml: stringify(config) };
}
