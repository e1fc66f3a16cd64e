/**
 * Runs a curation operation (or a recipe replay) for an `alw` command: progress on stderr as a
 * percentage, the report on stderr (or the whole result as JSON on stdout with --json), Ctrl+C cancels
 * (nothing is written), --record RECIPE appends the step to a recipe, and option mistakes exit 2.
 */
import type { CurateResult, CurationOperationName } from '../protocol';
import { DATASET_FILE } from '../core/formats/datasetFiles';
import { OptionError, CancelledError, type OperationContext } from '../engine/curation/operation';
import { runCuration } from '../engine/curation/runner';
import { stringOption, UsageError, type ParsedArgs } from './args';

export interface CurationTarget {
  inputs: string[];
  output: string;
}

export async function runCurationCommand(
  operation: CurationOperationName,
  args: ParsedArgs,
  options: Record<string, unknown>,
  target: CurationTarget,
): Promise<number> {
  return withCliContext(operation, args, (context) => runCuration({
    operation, ...target, options, inPlace: args.options.has('in-place'), recordInto: stringOption(args, 'record'),
  }, context).then((result) => [result]));
}

/** Runs `body` with a context that prints progress and cancels on Ctrl+C, then prints what it returned. */
export async function withCliContext(label: string, args: ParsedArgs, body: (context: OperationContext) => Promise<CurateResult[]>): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let shown = '';
  const context: OperationContext = {
    signal: controller.signal,
    progress(done, total, message) {
      const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
      // A terminal gets every percent on one line; a log file a line every 10%.
      const step = process.stderr.isTTY ? percent : percent - (percent % 10);
      const line = `${label}: ${step}%${message ? ` ${message}` : ''}`;
      if (line !== shown) process.stderr.write(process.stderr.isTTY ? `\r${(shown = line)}` : `${(shown = line)}\n`);
    },
  };
  try {
    const results = await body(context);
    if (shown && process.stderr.isTTY) process.stderr.write('\n');
    if (args.options.has('json')) console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
    else results.forEach(printResult);
    return 0;
  } catch (error) {
    if (error instanceof CancelledError) {
      console.error(`\n${label}: cancelled; nothing was written`);
      return 130;
    }
    if (error instanceof OptionError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

function printResult(result: CurateResult): void {
  for (const [key, value] of Object.entries(result.report)) {
    const text = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n  ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    console.error(`${result.operation} ${key}: ${text}`);
  }
  console.error(`${result.operation} → ${result.outputs.join(', ')}`);
}

/** `--set key=value` (repeatable) into an options object. */
export function setOptions(args: ParsedArgs): Record<string, string> {
  const options: Record<string, string> = {};
  for (const pair of args.repeated?.get('set') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: expected KEY=VALUE`);
    options[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return options;
}

/** Said once in every curation command's help. */
export const FORMATS_HELP = `Inputs may be JSONL, CSV, Parquet or JSON (by extension); outputs are JSONL, or Parquet when
  OUT ends in .parquet. Records of a CSV, Parquet or JSON input are written as compact JSON lines.`;

/** The output path: --out/--output, or the input with `suffix` in place of its dataset extension; the input itself with --in-place. */
export function outputFor(args: ParsedArgs, input: string, suffix: string): string {
  if (args.options.has('in-place')) return input;
  return stringOption(args, 'out') ?? stringOption(args, 'output') ?? input.replace(DATASET_FILE, '') + suffix;
}
