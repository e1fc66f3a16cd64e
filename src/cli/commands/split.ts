/** `alw split FILE --out DIR`: seeded train/validation(/test) split. */
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { runCurationCommand } from '../curationCommand';

export const splitHelp = `alw split FILE --out DIR [--ratios 0.9:0.1 | 8:1:1] [--seed 42] [--record RECIPE] [--json]
  Split a dataset into DIR/train.jsonl and DIR/validation.jsonl (and DIR/test.jsonl with three ratios).
  Each record's part comes from a seeded hash of its bytes: the same file and seed always give the same
  split, the parts never share a record, and repeated records land in the same part. Records are copied
  byte for byte; unreadable lines are skipped and listed. Inputs may be JSONL, CSV, Parquet or JSON.`;

export async function splitCommand(args: ParsedArgs): Promise<number> {
  const input = args.positional[0];
  const output = stringOption(args, 'out') ?? stringOption(args, 'output');
  if (!input || args.positional.length > 1) throw new UsageError('split takes one input FILE');
  if (!output) throw new UsageError('--out DIR is required');
  const options: Record<string, unknown> = {};
  for (const key of ['ratios', 'seed']) if (stringOption(args, key)) options[key] = stringOption(args, key);
  return runCurationCommand('split', args, options, { inputs: [input], output });
}
