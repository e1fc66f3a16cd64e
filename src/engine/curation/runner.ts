/**
 * Runs one curation operation for the engine (`workbench/curate/run`) and the CLI alike: checks the
 * files (inputs exist; the output is never an input unless `inPlace`; side outputs never are), fills in
 * and checks the options, runs the operation (which writes atomically and cleans up on cancel), and
 * appends the step to a recipe when `recordInto` is set. Inputs may be JSONL, CSV, Parquet or JSON; the
 * output is JSONL, or Parquet when it is named *.parquet (written as JSONL first, then converted).
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { CurateParams, CurateResult } from '../../protocol';
import { readRecords } from '../formats/readRecords';
import { removeStaleTemps } from '../shared/atomicWrite';
import { recordColumns, writeRecords } from '../formats/writeRecords';
import { notReadableFile, notWritableFile } from '../shared/fileChecks';
import { filePathOf } from '../shared/fileUri';
import { OptionError, type OperationContext } from './operation';
import { appendRecipeStep, mapPathOptions } from './recipeFile';
import { curationOperation } from './registry';

export type CurationRequest = Omit<CurateParams, 'token'>;

export async function runCuration(request: CurationRequest, context: OperationContext): Promise<CurateResult> {
  const operation = curationOperation(request.operation);
  const inputs = request.inputs.map(absolutePath);
  if (inputs.length === 0) throw new OptionError(`${operation.name} needs an input file`);
  for (const input of inputs) {
    const problem = notReadableFile(input);
    if (problem) throw new OptionError(problem);
  }
  const output = absolutePath(request.output);
  const outputProblem = operation.outputIsFolder ? undefined : notWritableFile(output);
  if (outputProblem) throw new OptionError(outputProblem);
  if (inputs.includes(output) && !request.inPlace) {
    throw new OptionError(`the output is an input (${output}): pass --in-place (inPlace) to replace it`);
  }
  if (!existsSync(path.dirname(output))) throw new OptionError(`the output folder does not exist: ${path.dirname(output)}`);
  const paths = [...(operation.pathOptions ?? []), ...(operation.sideOutputOptions ?? [])];
  const raw = mapPathOptions(paths, request.options ?? {}, absolutePath);
  for (const key of operation.sideOutputOptions ?? []) {
    if (typeof raw[key] !== 'string') continue;
    if ([...inputs, output].includes(raw[key] as string)) throw new OptionError(`${key}: ${String(raw[key])} is an input or the output`);
    const problem = notWritableFile(raw[key] as string);
    if (problem) throw new OptionError(`${key}: ${problem}`);
  }
  for (const key of operation.pathOptions ?? []) {
    for (const file of [raw[key]].flat().filter((f): f is string => typeof f === 'string')) {
      const problem = notReadableFile(file);
      if (problem) throw new OptionError(`${key}: ${problem}`);
    }
  }
  const recipeProblem = request.recordInto ? notWritableFile(absolutePath(request.recordInto)) : undefined;
  if (recipeProblem) throw new OptionError(`recipe: ${recipeProblem}`);
  if (/\.(csv|json)$/i.test(output)) throw new OptionError(`${output}: curation writes .jsonl or .parquet files`);
  const options = operation.options(raw);
  removeStaleTemps(output); // a killed run's normalize or Parquet staging file (AtomicOutput cleans its own)
  const result = /\.parquet$/i.test(output)
    ? await runIntoParquet(output, (jsonl) => operation.run(inputs, jsonl, options, context))
    : await operation.run(inputs, output, options, context);
  if (request.recordInto) appendRecipeStep(absolutePath(request.recordInto), operation, { operation: operation.name, options: raw, inputs, output });
  return { operation: operation.name, report: result.report, outputs: result.outputs };
}

async function runIntoParquet<R extends { outputs: string[] }>(output: string, run: (jsonl: string) => Promise<R>): Promise<R> {
  const jsonl = `${output}.tmp-${process.pid}.jsonl`;
  try {
    const result = await run(jsonl);
    const records = async function* () {
      for await (const source of readRecords(jsonl)) if (source.record) yield source.record;
    };
    const columns = await recordColumns(records());
    if (columns.length === 0) throw new Error(`${output}: no record to write (a Parquet file needs at least one record for its columns); nothing was written`);
    await writeRecords(output, records(), { format: 'parquet', columns });
    return { ...result, outputs: result.outputs.map((file) => (file === jsonl ? output : file)) };
  } finally {
    rmSync(jsonl, { force: true });
  }
}

function absolutePath(uriOrPath: string): string {
  return path.resolve(filePathOf(uriOrPath));
}
