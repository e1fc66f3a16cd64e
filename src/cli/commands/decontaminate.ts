/** `alw decontaminate IN --eval FILE… --output OUT`: drop training records that overlap evaluation sets. */
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { FORMATS_HELP, runCurationCommand } from '../curationCommand';
import { curationTarget, withReport } from './dedup';

export const decontaminateHelp = `alw decontaminate IN --eval FILE… --output OUT [--ngram 13] [--min-words 8]
                   [--threshold 1] [--report-only] [--report FILE] [--record RECIPE] [--json]
  Drop training records that share a word n-gram (13 words by default, after "match" normalization) with an
  item of the evaluation files (JSONL, JSON, CSV — the headerless Arabic MMLU layout too — or Parquet;
  MCQ: question and options, yes/no: question, open: query). Eval texts shorter than --ngram words but at
  least --min-words long must appear whole. --threshold K: at least K distinct shared n-grams with one
  item. --report-only keeps every record and only reports. --report FILE: one JSON line per contaminated
  record, {"line": N, "matches": [{"item": "EVALFILE#ID", "ngram": "…", "count": K}]}. Several eval
  files: repeat --eval or separate them with commas.
  ${FORMATS_HELP}`;

export async function decontaminateCommand(args: ParsedArgs): Promise<number> {
  const evalFiles = (args.repeated?.get('eval') ?? []).flatMap((f) => f.split(',')).filter(Boolean);
  if (evalFiles.length === 0) throw new UsageError('--eval FILE is required');
  const options: Record<string, unknown> = { eval: evalFiles };
  if (args.options.has('ngram')) options.ngram = stringOption(args, 'ngram');
  if (args.options.has('min-words')) options.minWords = stringOption(args, 'min-words');
  if (args.options.has('threshold')) options.threshold = stringOption(args, 'threshold');
  if (args.options.has('report-only')) options.mode = 'report';
  return runCurationCommand('decontaminate', args, withReport(args, options), curationTarget(args));
}
