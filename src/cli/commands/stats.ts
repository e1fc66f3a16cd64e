/** `alw stats FILE`: the dataset panel's statistics on the command line (same core code). */
import type { DatasetStats, Histogram } from '../../protocol';
import { datasetFileKind, datasetFileStats } from '../../engine/datasets/datasetStatsFile';
import { loadTokenizer } from '../../engine/datasets/datasetStatsTokenizer';
import { notReadableFile } from '../../engine/shared/fileChecks';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const statsHelp = `alw stats FILE [--tokenizer DIR] [--json]
  Dataset statistics of a JSONL, CSV, Parquet or JSON file (streamed, except JSON, which is loaded whole; a
  CSV, Parquet or JSON record counts as its JSON rendering, an unreadable one as ALW001): record count and
  kind, character/word/token length distributions, Arabic share, exact duplicates, label balance (mcq
  answers, yes/no, preference chosen vs rejected length), problems by code and fertility (tokens per word of
  Arabic records). Token counts need --tokenizer (a Hugging Face tokenizer folder or tokenizer.json).
  --json prints the statistics as JSON (histograms as edges/counts).`;

export async function statsCommand(args: ParsedArgs): Promise<number> {
  const file = args.positional[0];
  if (!file) throw new UsageError('stats needs a FILE');
  const problem = notReadableFile(file);
  if (problem) throw new UsageError(problem);
  const tokenizerPath = stringOption(args, 'tokenizer');
  const tokenizer = tokenizerPath ? loadTokenizer(tokenizerPath) : undefined;
  const stats = await datasetFileStats(file, await datasetFileKind(file), tokenizer?.countTokens);
  console.log(args.options.has('json') ? JSON.stringify(stats, null, 2) : statsReport(file, stats));
  return 0;
}

function statsReport(file: string, stats: DatasetStats): string {
  const counts = (map: Record<string, number>) =>
    Object.entries(map).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const lines = [
    `${file}: ${stats.records} records, kind ${stats.kind}`,
    `characters  ${summary(stats.characters)}`,
    `words       ${summary(stats.words)}`,
    `tokens      ${stats.tokens ? summary(stats.tokens) : 'no tokenizer (--tokenizer DIR)'}`,
    `Arabic share of letters: ${stats.arabicShare.counts.map((c, i) => `${Math.round(stats.arabicShare.edges[i] * 100)}%+ ${c}`).join(', ')}`,
    `exact duplicates: ${stats.exactDuplicates}`,
    `labels: ${counts(stats.labels)}`,
    `problems: ${counts(stats.problemsByCode)}`,
    `fertility (tokens per Arabic word): ${stats.fertility === null ? 'n/a' : stats.fertility.toFixed(2)}`,
  ];
  return lines.join('\n');
}

/** Range and the most common bin of a histogram. */
function summary(h: Histogram): string {
  const top = h.counts.indexOf(Math.max(...h.counts));
  return `min ${h.edges[0]}, max < ${h.edges[h.edges.length - 1]}, most in [${h.edges[top]}, ${h.edges[top + 1]}) (${h.counts[top]})`;
}
