/** `alw filter FILE`: the quality filter (FineWeb-2 Arabic preset), every threshold editable. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { FINEWEB2_ARABIC } from '../../core/curation/qualityThresholds';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { FORMATS_HELP, outputFor, runCurationCommand, setOptions } from '../curationCommand';

export const filterHelp = `alw filter FILE [--out OUT | --in-place] [--set KEY=VALUE]... [--preset FILE] [--kind KIND]
           [--fields a,b] [--rejected FILE] [--record RECIPE] [--json]
  Keep the records whose Arabic text passes the quality rules (default: FineWeb-2's Standard Arabic
  settings — Gopher repetition and quality rules with Arabic stop words, FineWeb line rules, plus length
  and Arabic-share bounds). The text judged depends on the kind: pre-training "text"; the response (and
  instruction) for instruction, chat, ShareGPT and preference data; the question for evaluation sets.
  --fields a,b judges those fields instead. Kept records are copied byte for byte to OUT (default
  FILE.filtered.jsonl); --rejected FILE gets each removed record with its rule, value and threshold.
  --set KEY=VALUE changes a threshold (null switches a rule off), e.g. --set minWords=20 --set
  maxNewlineRatio=null; --preset FILE reads thresholds from YAML/JSON (KEY: VALUE). Thresholds:
    ${Object.keys(FINEWEB2_ARABIC).join(', ')}
  The report counts removed records per rule. Lines that are not JSON records are dropped and listed.
  ${FORMATS_HELP}`;

export async function filterCommand(args: ParsedArgs): Promise<number> {
  const input = args.positional[0];
  if (!input || args.positional.length > 1) throw new UsageError('filter takes one input FILE');
  const options: Record<string, unknown> = { ...presetFile(stringOption(args, 'preset')), ...setOptions(args) };
  for (const key of ['kind', 'fields', 'rejected']) if (stringOption(args, key)) options[key] = stringOption(args, key);
  return runCurationCommand('filter', args, options, { inputs: [input], output: outputFor(args, input, '.filtered.jsonl') });
}

function presetFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--preset ${file}: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`--preset ${file}: expected KEY: VALUE lines`);
  return data as Record<string, unknown>;
}
