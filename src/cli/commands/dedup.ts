/** `alw dedup IN --output OUT [--near …]`: exact or near-duplicate removal (src/engine/curation). */
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { type CurationTarget, FORMATS_HELP, runCurationCommand } from '../curationCommand';

export const dedupHelp = `alw dedup IN --output OUT [--near] [--report FILE] [--record RECIPE] [--json]
  Exact: drop records whose text fields equal an earlier record's after "match" normalization (hamza
  forms, ى/ي, ة/ه, diacritics, tatweel, digit scripts do not count); the first copy is kept byte for byte.
  Streams files larger than memory (a 128-bit key per distinct record). --report FILE: one JSON line per
  dropped copy, {"line": N, "duplicateOf": FIRST}.
  --near: near-duplicates by MinHash LSH over word n-grams; each cluster keeps its first record.
    --bands 14 --rows 8   LSH bands × rows (= permutations, 112)
    --ngram 5             words per shingle
    --threshold 0         also require this estimated Jaccard (0–1) between candidates (0: every LSH pair)
    --seed 1              permutation seed (same seed, same result)
    --report FILE         clusters: {"cluster": N, "lines": [kept, …], "jaccard": [1, …]}
  Lines that are not JSON records are kept and listed. --record RECIPE appends the step to a curation
  recipe; --json prints the result as JSON.
  ${FORMATS_HELP}`;

const NEAR_OPTIONS = ['bands', 'rows', 'ngram', 'threshold', 'seed'];

export async function dedupCommand(args: ParsedArgs): Promise<number> {
  const near = args.options.has('near');
  const options: Record<string, unknown> = {};
  for (const key of near ? NEAR_OPTIONS : []) if (args.options.has(key)) options[key] = stringOption(args, key);
  return runCurationCommand(near ? 'neardedup' : 'dedup', args, withReport(args, options), curationTarget(args));
}

/** IN and --output OUT of the dedup and decontaminate commands (the input is never overwritten silently). */
export function curationTarget(args: ParsedArgs): CurationTarget {
  const input = args.positional[0];
  const output = stringOption(args, 'output') ?? stringOption(args, 'out');
  if (!input || args.positional.length > 1) throw new UsageError('takes one input file IN');
  if (!output) throw new UsageError('--output OUT is required');
  return { inputs: [input], output };
}

export function withReport(args: ParsedArgs, options: Record<string, unknown>): Record<string, unknown> {
  const report = stringOption(args, 'report');
  return report ? { ...options, report } : options;
}
