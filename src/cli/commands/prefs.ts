/** `alw prefs`: the numbers and the export of human preference review, from a labels journal, headless. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { agreementReport, type PairScores } from '../../core/preferences/agreementReport';
import { readJudgeReport, judgeOutcomeFor, type JudgeView } from '../../core/preferences/judgeReport';
import { choiceFor, mergeLabels, type LabelRecord } from '../../core/preferences/labelsJournal';
import { responseHash } from '../../core/preferences/pairHash';
import { exportPreferences } from '../../core/preferences/preferenceExport';
import { reviewPairsOf, type ReviewPair } from '../../core/preferences/reviewPairs';
import { readCurationRecords } from '../../engine/curation/curationRecords';
import { readJournalFile, writeJsonlAtomic } from '../../engine/preferences/labelsFiles';
import { RewardScorer } from '../../engine/scoring/rewardScorer';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const prefsHelp = `alw prefs agreement --labels FILE [--judge-report FILE] [--reward-model DIR] [--dataset FILE] [--bins N] [--json]
alw prefs export DATASET --labels FILE [--judge-report FILE] --output OUT [--keep-ties] [--keep-both-bad] [--json]
  Human preference review, from the labels journal the Preference Review panel writes (.alw/labels/<name>.labels.jsonl).
  agreement: accuracy (observed agreement) and Cohen's kappa for each pair of raters — the reward model, the
    judge (an "alw judge --report" file) and each annotator — over the pairs both rated; the judge's position
    consistency (share of pairs whose two orders agree); a histogram of reward-model margins (--bins, default 20).
    --reward-model DIR scores the pairs of --dataset (or, without it, of the judge report) with an exported model.
  export: prompt/chosen/rejected JSONL for the reward and DPO stages, written atomically: the annotators' choice
    (majority) wins, the judge's decisive verdict fills unlabelled pairs; ties and both-bad pairs are left out
    unless --keep-ties / --keep-both-bad (kept in the dataset's order, with "human_label").`;

export const PREFS_FLAGS = ['keep-ties', 'keep-both-bad'];

export async function prefsCommand(args: ParsedArgs): Promise<number> {
  const [sub] = args.positional;
  if (sub === 'agreement') return agreementCommand(args);
  if (sub === 'export') return exportCommand(args);
  throw new UsageError(sub ? `unknown prefs command "${sub}"` : 'prefs needs a command: agreement or export');
}

function needFile(args: ParsedArgs, name: string, required: boolean): string | undefined {
  const value = stringOption(args, name);
  if (value === undefined && args.options.has(name)) throw new UsageError(`--${name} needs a value`);
  if (value === undefined) {
    if (required) throw new UsageError(`prefs ${args.positional[0]} needs --${name} FILE`);
    return undefined;
  }
  if (!existsSync(value)) throw new Error(`${value}: no such file`);
  return value;
}

function readLabels(file: string): LabelRecord[] {
  const { entries, problems } = readJournalFile(file);
  // A journal line cut short by a crash is expected (append-only): said and skipped, the rest still counts.
  for (const problem of problems) console.error(`prefs: skipped ${problem}`);
  return mergeLabels(entries);
}

function readReport(file: string | undefined): Map<string, JudgeView> | undefined {
  if (!file) return undefined;
  const { verdicts, problems } = readJudgeReport(readFileSync(file, 'utf8'), file);
  if (problems.length) throw new Error(`${problems.length} unreadable judge report line${problems.length === 1 ? '' : 's'}:\n${problems.slice(0, 20).join('\n')}`);
  return verdicts;
}

async function readDatasetPairs(file: string): Promise<ReviewPair[]> {
  const pairs: ReviewPair[] = [];
  const problems: string[] = [];
  for await (const line of readCurationRecords(file)) {
    if (!line.record) { problems.push(line.problem!); continue; }
    const got = reviewPairsOf(line.record, line.line);
    if ('problem' in got) problems.push(`${file}:${line.line}:1: ${got.problem}`);
    else pairs.push(...got);
  }
  // Records that are no pair (a diagnostics matter) are named and skipped, as the panel does.
  for (const problem of problems.slice(0, 20)) console.error(`prefs: skipped ${problem}`);
  if (problems.length > 20) console.error(`prefs: … and ${problems.length - 20} more skipped`);
  return pairs;
}

async function agreementCommand(args: ParsedArgs): Promise<number> {
  const labelsFile = needFile(args, 'labels', true)!;
  const reportFile = needFile(args, 'judge-report', false);
  const datasetFile = needFile(args, 'dataset', false);
  const modelDir = stringOption(args, 'reward-model');
  const binsText = stringOption(args, 'bins') ?? '20';
  if (!/^\d+$/.test(binsText) || Number(binsText) < 1) throw new UsageError(`--bins takes a positive integer (got "${binsText}")`);
  if (modelDir && !reportFile && !datasetFile) throw new UsageError('--reward-model needs the pairs\' texts: give --dataset FILE or --judge-report FILE');
  const labels = readLabels(labelsFile);
  const judge = readReport(reportFile);
  const pairs = datasetFile ? await readDatasetPairs(datasetFile) : undefined;
  const reference = pairs ? new Map(pairs.map((p) => [p.hash, p.firstHash])) : undefined;
  let rewardScores: Map<string, PairScores> | undefined;
  if (modelDir) {
    const scorer = await RewardScorer.load(path.resolve(modelDir));
    const texts = pairs?.map((p) => ({ hash: p.hash, prompt: p.prompt, first: p.first, second: p.second }))
      ?? [...judge!.entries()].map(([hash, v]) => ({ hash, prompt: v.prompt, first: v.first, second: v.second }));
    rewardScores = new Map();
    for (const t of texts) {
      rewardScores.set(t.hash, { firstHash: responseHash(t.first), scores: [await scorer.score(t.prompt, t.first), await scorer.score(t.prompt, t.second)] });
    }
  }
  const report = agreementReport({ labels, judge, rewardScores, reference }, Number(binsText));
  const annotators = [...new Set(labels.map((l) => l.annotator))].sort();
  if (args.options.has('json')) {
    console.log(JSON.stringify({ labels: labels.length, annotators, ...report }, null, 2));
    return 0;
  }
  const num = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  console.log(`${labels.length} labels by ${annotators.length} annotator${annotators.length === 1 ? '' : 's'} (${annotators.join(', ')})`);
  for (const row of report.agreement) console.log(`${row.a} vs ${row.b}: ${row.pairs} pairs, accuracy ${num(row.accuracy)}, kappa ${num(row.kappa)}`);
  const pc = report.positionConsistency;
  if (judge) console.log(`judge position consistency: ${pc.consistent}/${pc.pairs} (${num(pc.rate)})`);
  if (rewardScores) {
    const { edges, counts } = report.margins;
    counts.forEach((c, i) => console.log(`margin [${edges[i].toFixed(3)}, ${edges[i + 1].toFixed(3)}${i === counts.length - 1 ? ']' : ')'} ${'#'.repeat(c)} ${c}`));
  }
  return 0;
}

async function exportCommand(args: ParsedArgs): Promise<number> {
  const dataset = args.positional[1];
  if (!dataset) throw new UsageError('prefs export needs DATASET');
  if (!existsSync(dataset)) throw new Error(`${dataset}: no such file`);
  const labelsFile = needFile(args, 'labels', true)!;
  const reportFile = needFile(args, 'judge-report', false);
  const output = stringOption(args, 'output') ?? stringOption(args, 'out');
  if (!output) throw new UsageError('prefs export needs --output OUT');
  if ([dataset, labelsFile, reportFile].some((f) => f && path.resolve(f) === path.resolve(output))) throw new UsageError('--output must not be one of the inputs');
  const labels = readLabels(labelsFile);
  const judge = readReport(reportFile);
  const pairs = await readDatasetPairs(dataset);
  const inputs = pairs.map((pair) => {
    const human = labels.filter((l) => l.pair === pair.hash).map((l) => choiceFor(l, pair.first));
    const view = judge?.get(pair.hash);
    return { pair, human, ...(view ? { judge: judgeOutcomeFor(view, pair.firstHash) } : {}) };
  });
  const { records, counts } = exportPreferences(inputs, { keepTies: args.options.has('keep-ties'), keepBothBad: args.options.has('keep-both-bad') });
  writeJsonlAtomic(output, records);
  if (args.options.has('json')) console.log(JSON.stringify({ ...counts, output }, null, 2));
  else console.error(`prefs export: ${counts.pairs} pairs → ${output}: ${counts.written} written (${counts.human} human, ${counts.judge} judge); left out ${counts.tie} tie, ${counts.bothBad} both bad, ${counts.split} split, ${counts.unreviewed} unreviewed`);
  return 0;
}
