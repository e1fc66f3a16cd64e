/** `alw mix A B … --ratios 3:1 --out OUT`: a seeded, streamed mix of datasets at given ratios. */
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { FORMATS_HELP, runCurationCommand } from '../curationCommand';

export const mixHelp = `alw mix FILE FILE... --ratios R:R... --out OUT [--by records|characters] [--seed 42] [--total N]
           [--record RECIPE] [--json]
  Mix datasets at the given ratios (one per file, e.g. Arabic:English 3:1) into OUT. The largest mix the
  files allow at those ratios is taken (or --total records/characters, if smaller): records are sampled
  with the seed and interleaved evenly, each file's records keeping their order. --by characters counts
  characters of each record's text instead of records. Streams the files (several passes; nothing is
  loaded whole). The report gives the requested and the actual ratios. Unreadable lines are skipped and listed.
  ${FORMATS_HELP}`;

export async function mixCommand(args: ParsedArgs): Promise<number> {
  const output = stringOption(args, 'out') ?? stringOption(args, 'output');
  if (args.positional.length < 2) throw new UsageError('mix needs two or more input files');
  if (!output) throw new UsageError('--out OUT is required');
  const ratios = stringOption(args, 'ratios');
  if (!ratios) throw new UsageError('--ratios is required, one per file (e.g. 3:1)');
  const options: Record<string, unknown> = { ratios };
  for (const key of ['by', 'seed', 'total']) if (stringOption(args, key)) options[key] = stringOption(args, key);
  return runCurationCommand('mix', args, options, { inputs: args.positional, output });
}
