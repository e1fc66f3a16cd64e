/** `alw eval check`: duplicate items in a benchmark's data, inside each split and across its splits. */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import { findDuplicates, type BenchmarkItem, type DuplicateGroup } from '../../core/evaluation/benchmarkDuplicates';
import { readRecords } from '../../engine/formats/readRecords';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { loadBenchmark } from '../../engine/evaluation/benchmarkFiles';
import { taskOfRecord } from '../../engine/evaluation/evalPredictions';

export const checkHelp = `alw eval check NAME|FILE [--data DIR] [--json]
  Look for duplicate items in a benchmark's data under DIR (default: the current folder): exact duplicates
  after Arabic normalization (diacritics, tatweel, hamza forms…) and near duplicates (MinHash of word 5-grams,
  estimated Jaccard ≥ 0.5), inside each split and across splits (a dev item that is also a test item), each
  member at FILE:LINE. The text compared is the question (or query), with the options for multiple choice.
  Splits whose files are not under DIR are listed as absent.`;

export interface SplitItems {
  split: string;
  items: BenchmarkItem[];
  /** Files of the split not under the data folder. */
  absent: string[];
  files: number;
}

/** The compared text of a record: its question (or query), then for multiple choice its options in label order. */
function itemText(definition: BenchmarkDefinition, record: Record<string, unknown>): string | undefined {
  const question = typeof record.question === 'string' ? record.question : typeof record.query === 'string' ? record.query : undefined;
  if (question === undefined) return undefined;
  const options = definition.kind === 'mcq' ? (definition.choices?.labels ?? []).map((label) => record[label]).filter((o) => o !== undefined) : [];
  return [question, ...options.map(String)].join('\n');
}

export async function readSplitItems(definition: BenchmarkDefinition, dir: string, split: string): Promise<SplitItems> {
  const pattern = definition.data.splits[split];
  const tasks = pattern.includes('{task}') ? (definition.tasks ?? []) : [undefined];
  const result: SplitItems = { split, items: [], absent: [], files: 0 };
  const format = definition.data.format === 'mmlu-csv' ? { format: 'csv' as const, header: 'mmlu' as const } : { format: 'jsonl' as const };
  const idField = definition.data.id_field ?? 'id';
  for (const task of tasks) {
    const relative = pattern.replace('{task}', task ?? '');
    const file = path.join(dir, relative);
    if (!existsSync(file)) {
      result.absent.push(relative);
      continue;
    }
    result.files++;
    for await (const row of readRecords(file, format)) {
      if (row.error) throw new Error(`${file}:${row.line}:${row.error.column}: ${row.error.message}`);
      const record = row.record!;
      const text = itemText(definition, record);
      if (text === undefined) throw new Error(`${file}:${row.line}:1: no "question" or "query" text in this item`);
      const id = record[idField] === undefined ? undefined : String(record[idField]);
      result.items.push({ split, task: task ?? taskOfRecord(definition, record, id) ?? definition.name, text, at: `${file}:${row.line}` });
    }
  }
  return result;
}

export async function evalCheckCommand(args: ParsedArgs): Promise<number> {
  const target = args.positional[1] ?? stringOption(args, 'benchmark');
  if (!target) throw new UsageError('eval check needs a benchmark: alw eval check NAME|FILE [--data DIR]');
  const dir = stringOption(args, 'data') ?? '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--data ${dir}: no such folder`);
  const { definition } = loadBenchmark(target);
  const splits: SplitItems[] = [];
  for (const split of Object.keys(definition.data.splits)) splits.push(await readSplitItems(definition, dir, split));
  if (splits.every((s) => s.files === 0)) {
    const expected = splits.map((s) => (s.absent.length === 1 ? s.absent[0] : definition.data.splits[s.split])).join(', ');
    throw new Error(`no data of ${definition.name} under ${dir} (expected ${expected})`);
  }
  const report = findDuplicates(splits.flatMap((s) => s.items));
  const summary = {
    benchmark: definition.name,
    data: dir,
    splits: Object.fromEntries(splits.map((s) => [s.split, { items: s.items.length, files: s.files, absent: s.absent }])),
    exact: counts(report.exact),
    near: counts(report.near),
  };
  if (args.options.has('json')) console.log(JSON.stringify({ ...summary, exactGroups: report.exact, nearGroups: report.near }, null, 2));
  else console.log(checkText(summary, report.exact, report.near, splits));
  return 0;
}

function counts(groups: DuplicateGroup[]) {
  const within = groups.filter((g) => g.scope === 'within');
  return { groups: groups.length, items: groups.reduce((sum, g) => sum + g.members.length, 0), within: within.length, across: groups.length - within.length };
}

function checkText(summary: { benchmark: string; data: string }, exact: DuplicateGroup[], near: DuplicateGroup[], splits: SplitItems[]): string {
  const out = [`${summary.benchmark} (data under ${summary.data})`];
  for (const s of splits) {
    const absent = s.absent.length ? (s.files ? `; ${s.absent.length} files absent` : ` — absent (${s.absent.length === 1 ? s.absent[0] : `${s.absent.length} files`})`) : '';
    out.push(`  ${s.split}: ${s.items.length} items${absent}`);
  }
  const section = (title: string, groups: DuplicateGroup[]) => {
    const c = counts(groups);
    out.push('', `${title}: ${c.groups} groups, ${c.items} items (${c.within} within a split, ${c.across} across splits)`);
    for (const g of groups) {
      const jaccard = g.jaccard === undefined ? '' : `, Jaccard ≥ ${g.jaccard.toFixed(2)}`;
      out.push(`  ${g.scope === 'across' ? `across ${g.splits.join(' and ')}` : `within ${g.splits[0]}`}${jaccard}:`);
      for (const m of g.members) out.push(`    ${m.at}  [${m.split}] ${m.task}: ${preview(m.text)}`);
    }
  };
  section('exact duplicates', exact);
  section('near duplicates', near);
  return out.join('\n');
}

const preview = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
};
