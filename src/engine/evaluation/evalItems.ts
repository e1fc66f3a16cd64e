/**
 * A benchmark split's items, whole (question, options, answer), for prompting: the files `alw eval score --data`
 * reads gold answers from, read the same way (the definition's format, its `tasks_by`, its id field).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import type { EvalItem } from '../../core/evaluation/evalPrompts';
import { readRecords } from '../formats/readRecords';
import { UsageError } from '../shared/usageError';
import { taskOfRecord } from './evalPredictions';

/** Task → items in file order. `tasks`: only these (one-file-per-task benchmarks read no other file). */
export async function readEvalItems(definition: BenchmarkDefinition, dir: string, split: string, tasks?: readonly string[]): Promise<Map<string, EvalItem[]>> {
  const file = definition.data.splits[split];
  if (!file) throw new UsageError(`${definition.name} has no split "${split}" (its splits: ${Object.keys(definition.data.splits).join(', ')})`);
  const items = new Map<string, EvalItem[]>();
  const wanted = tasks ?? definition.tasks;
  if (file.includes('{task}')) {
    for (const task of wanted ?? []) await readFile(definition, path.join(dir, file.replace('{task}', task)), split, dir, items, task);
  } else {
    await readFile(definition, path.join(dir, file), split, dir, items, undefined);
    if (wanted) for (const task of [...items.keys()]) if (!wanted.includes(task)) items.delete(task);
  }
  return items;
}

async function readFile(
  definition: BenchmarkDefinition, file: string, split: string, dir: string, items: Map<string, EvalItem[]>, task: string | undefined,
): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file}: no such file (split ${split} of ${definition.name} under --data ${dir})`);
  const idField = definition.data.id_field ?? 'id';
  const format = definition.data.format === 'mmlu-csv' ? { format: 'csv' as const, header: 'mmlu' as const } : { format: 'jsonl' as const };
  for await (const row of readRecords(file, format)) {
    if (row.error) throw new Error(`${file}:${row.line}:${row.error.column}: ${row.error.message}`);
    const record = row.record!;
    const id = record[idField] === undefined ? undefined : String(record[idField]);
    const itemTask = task ?? taskOfRecord(definition, record, id) ?? definition.name;
    if (!items.has(itemTask)) items.set(itemTask, []);
    const taskItems = items.get(itemTask)!;
    taskItems.push({ task: itemTask, key: id ?? String(taskItems.length), record });
  }
}
