/** `alw normalize FILE`: Arabic normalization of a JSONL dataset into a new file (never silently in place). */
import { existsSync } from 'node:fs';
import { PROFILES, type ArabicProfileName } from '../../core/arabic/normalize';
import { normalizeFile } from '../../engine/normalizeFile';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const normalizeHelp = `alw normalize FILE [--profile safe|match] [--out OUT | --in-place]
  Normalize every string in a JSONL dataset. Profile "safe" (default) is for rewriting training data:
  presentation forms, Persian/Urdu letters, tatweel, bidi controls, zero-width characters, whitespace —
  hamza forms, ة, ى and diacritics are kept. "match" also unifies alef, ى→ي, ة→ه, drops diacritics and
  maps digits to ASCII (keys for dedup and search; rarely what you want to train on). Writes OUT
  (default FILE with ".normalized.jsonl"), atomically; unchanged and broken lines are copied byte for byte.
  The source is replaced only with --in-place.`;

export async function normalizeCommand(args: ParsedArgs): Promise<number> {
  const source = args.positional[0];
  if (!source) throw new UsageError('normalize needs a FILE');
  if (!existsSync(source)) throw new UsageError(`no such file: ${source}`);
  const profile = (stringOption(args, 'profile') ?? 'safe') as ArabicProfileName;
  if (!(profile in PROFILES)) throw new UsageError(`unknown --profile ${profile} (safe or match)`);
  const inPlace = args.options.has('in-place');
  const target = inPlace ? source : stringOption(args, 'out') ?? source.replace(/(\.jsonl)?$/i, '.normalized.jsonl');
  if (!inPlace && target === source) throw new UsageError('--out is the source file: pass --in-place to replace it');
  const result = await normalizeFile(source, target, profile, (n) => console.error(`${n} lines…`));
  for (const line of result.brokenLines) console.error(`${source}:${line}: not valid JSON, copied unchanged`);
  console.error(`${result.changed} of ${result.records} records changed (profile ${profile}) → ${target}`);
  return 0;
}
