/** `alw normalize FILE`: Arabic normalization of a dataset into a new file (never silently in place). */
import { PROFILES } from '../../core/arabic/normalize';
import { notReadableFile } from '../../engine/shared/fileChecks';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { FORMATS_HELP, outputFor, runCurationCommand } from '../curationCommand';

export const normalizeHelp = `alw normalize FILE [--profile safe|match] [--out OUT | --in-place] [--record RECIPE] [--json]
  Normalize every string in a dataset. Profile "safe" (default) is for rewriting training data:
  presentation forms, Persian/Urdu letters, tatweel, bidi controls, zero-width characters, whitespace —
  hamza forms, ة, ى and diacritics are kept. "match" also unifies alef, ى→ي, ة→ه, drops diacritics and
  maps digits to ASCII (keys for dedup and search; rarely what you want to train on). Writes OUT
  (default FILE with ".normalized.jsonl"), atomically; unchanged and broken lines are copied byte for byte.
  The source is replaced only with --in-place. --record RECIPE appends this step to a curation recipe.
  ${FORMATS_HELP}`;

export async function normalizeCommand(args: ParsedArgs): Promise<number> {
  const source = args.positional[0];
  if (!source) throw new UsageError('normalize needs a FILE');
  const problem = notReadableFile(source);
  if (problem) throw new UsageError(problem);
  const profile = stringOption(args, 'profile') ?? 'safe';
  if (!(profile in PROFILES)) throw new UsageError(`unknown --profile ${profile} (safe or match)`);
  return runCurationCommand('normalize', args, { profile }, { inputs: [source], output: outputFor(args, source, '.normalized.jsonl') });
}
