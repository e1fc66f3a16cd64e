/**
 * Curation recipes: a YAML file of steps (operation, options, inputs, output), paths relative to the
 * recipe. Running an operation with `recordInto` / `--record` appends its step; `alw recipe run` replays
 * them (src/engine/curation/replayRecipe.ts). Appending keeps the file's comments and earlier steps.
 *
 *   version: 1
 *   steps:
 *     - operation: filter
 *       options: { minWords: 20 }
 *       inputs: [raw.jsonl]
 *       output: filtered.jsonl
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Document, isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { writeFileAtomic } from '../shared/atomicWrite';
import { notReadableFile } from '../shared/fileChecks';
import { OptionError, type CurationOperation } from './operation';
import { curationOperation } from './registry';

export interface RecipeStep {
  operation: string;
  options: Record<string, unknown>;
  inputs: string[];
  output: string;
}

const HEADER = ' Curation recipe (Arabic LLM Workbench). Replay on another file:\n alw recipe run THIS.yaml --input FILE --output FILE';

/** Appends a step whose paths are absolute; they are stored relative to the recipe. Side outputs are left out. */
export function appendRecipeStep(recipe: string, operation: CurationOperation<unknown>, step: RecipeStep): void {
  const relative = (file: string) => path.relative(path.dirname(recipe), file).split(path.sep).join('/') || '.';
  const options = mapPathOptions(operation.pathOptions ?? [], step.options, relative);
  for (const key of operation.sideOutputOptions ?? []) delete options[key];
  const doc = existsSync(recipe) ? parseDocument(readFileSync(recipe, 'utf8')) : newRecipe();
  if (doc.errors.length) throw new Error(`${recipe}: not a valid recipe (${doc.errors[0].message})`);
  if (!isMap(doc.contents)) throw new Error(`${recipe}: not a valid recipe (expected "version" and "steps")`);
  if (!isSeq(doc.get('steps'))) doc.set('steps', new YAMLSeq());
  (doc.get('steps') as YAMLSeq).add(doc.createNode({ operation: step.operation, options, inputs: step.inputs.map(relative), output: relative(step.output) }));
  writeFileAtomic(recipe, doc.toString());
}

function newRecipe(): Document {
  const doc = new Document({ version: 1, steps: [] });
  doc.commentBefore = HEADER;
  return doc;
}

/** The recipe's steps with every path absolute. Throws naming the step and field that is wrong. */
export function readRecipe(recipe: string): RecipeStep[] {
  const unreadable = notReadableFile(recipe);
  if (unreadable) throw new OptionError(unreadable);
  const doc = parseDocument(readFileSync(recipe, 'utf8'));
  if (doc.errors.length) throw new OptionError(`${recipe}: ${doc.errors[0].message}`);
  const data = doc.toJS() as { steps?: unknown } | null;
  if (!data || !Array.isArray(data.steps) || data.steps.length === 0) throw new OptionError(`${recipe}: no "steps" list`);
  const absolute = (file: string) => path.resolve(path.dirname(recipe), file);
  return data.steps.map((raw: unknown, i: number) => {
    const where = `${recipe}: steps[${i}]`;
    const step = (raw ?? {}) as Partial<RecipeStep>;
    if (typeof step.operation !== 'string') throw new OptionError(`${where}: "operation" is missing`);
    const operation = curationOperation(step.operation);
    const options = step.options ?? {};
    if (typeof options !== 'object' || Array.isArray(options)) throw new OptionError(`${where}.options: expected a mapping`);
    if (!Array.isArray(step.inputs) || step.inputs.some((f) => typeof f !== 'string')) throw new OptionError(`${where}.inputs: expected a list of files`);
    if (typeof step.output !== 'string') throw new OptionError(`${where}.output: expected a file`);
    return { operation: step.operation, options: mapPathOptions(operation.pathOptions ?? [], options, absolute), inputs: step.inputs.map(absolute), output: absolute(step.output) };
  });
}

/** The options with the paths under `keys` (a file or a list of files) passed through `map`. */
export function mapPathOptions(keys: readonly string[], options: Record<string, unknown>, map: (file: string) => string): Record<string, unknown> {
  const out = { ...options };
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'string') out[key] = map(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? map(v) : v));
  }
  return out;
}
