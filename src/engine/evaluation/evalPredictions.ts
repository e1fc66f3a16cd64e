/**
 * Reads predictions for `alw eval score`: a folder of `<task>.jsonl` files (the AceGPT harness's layout) or one
 * JSONL file. Each line has the model's `response` and the gold `answer`, or an `id` (the definition's id field)
 * or `query_id` (the item's 0-based place in its task) resolved against the benchmark data under `--data`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import type { PredictionItem } from '../../core/evaluation/scorePredictions';
import { parseJsonLine, valueNode, type JsonNode } from '../../core/formats/jsonLine';
import { iterateLines } from '../../core/formats/lines';
import { readRecords } from '../formats/readRecords';
import { UsageError } from '../shared/usageError';

interface GoldItem {
  answer: string;
  /** DATAFILE:LINE, said in errors about this item. */
  from: string;
}

/** The benchmark's items of one split under a data folder, found by task and id or by task and place. */
export class BenchmarkData {
  private readonly byTask = new Map<string, { byId: Map<string, GoldItem>; inOrder: GoldItem[] }>();
  private loadedAll = false;

  constructor(private readonly definition: BenchmarkDefinition, private readonly dir: string, readonly split: string) {}

  static open(definition: BenchmarkDefinition, dir: string, split: string | undefined): BenchmarkData {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--data ${dir}: no such folder`);
    const splits = Object.keys(definition.data.splits);
    const chosen = split ?? (splits.includes('test') ? 'test' : splits.length === 1 ? splits[0] : undefined);
    if (!chosen || !splits.includes(chosen)) throw new UsageError(`--split must be one of ${splits.join(', ')} for ${definition.name}`);
    return new BenchmarkData(definition, dir, chosen);
  }

  async find(task: string, key: { id?: string; place?: number }): Promise<GoldItem | undefined> {
    const items = await this.items(task);
    return key.id !== undefined ? items?.byId.get(key.id) : items?.inOrder[key.place!];
  }

  /** The task of an item known only by its id (one predictions file for the whole benchmark). */
  async taskOfId(id: string): Promise<string | undefined> {
    await this.loadAll();
    for (const [task, items] of this.byTask) if (items.byId.has(id)) return task;
    return undefined;
  }

  private async items(task: string) {
    if (this.definition.data.splits[this.split].includes('{task}')) {
      if (!this.byTask.has(task)) await this.load(task);
    } else await this.loadAll();
    return this.byTask.get(task);
  }

  private async loadAll() {
    if (this.loadedAll) return;
    this.loadedAll = true;
    await this.load(undefined);
  }

  private async load(task: string | undefined) {
    const { data } = this.definition;
    const file = path.join(this.dir, data.splits[this.split].replace('{task}', task ?? ''));
    if (!existsSync(file)) throw new Error(`${file}: no such file (split ${this.split} of ${this.definition.name} under --data ${this.dir})`);
    const idField = data.id_field ?? 'id';
    const format = data.format === 'mmlu-csv' ? { format: 'csv' as const, header: 'mmlu' as const } : { format: 'jsonl' as const };
    for await (const row of readRecords(file, format)) {
      if (row.error) throw new Error(`${file}:${row.line}:${row.error.column}: ${row.error.message}`);
      const record = row.record!;
      const id = record[idField] === undefined ? undefined : String(record[idField]);
      const itemTask = task ?? taskOfRecord(this.definition, record, id) ?? this.definition.name;
      if (!this.byTask.has(itemTask)) this.byTask.set(itemTask, { byId: new Map(), inOrder: [] });
      const items = this.byTask.get(itemTask)!;
      const item = { answer: String(record.answer ?? ''), from: `${file}:${row.line}` };
      items.inOrder.push(item);
      items.byId.set(id ?? String(row.index), item);
    }
  }
}

/** The task of a record by the definition's `tasks_by` (the id `Task-N`, or a field); undefined when not told. */
export function taskOfRecord(definition: BenchmarkDefinition, record: Record<string, unknown>, id: string | undefined): string | undefined {
  if (definition.data.tasks_by === 'id-prefix' && id?.includes('-')) return id.slice(0, id.lastIndexOf('-'));
  if (definition.data.tasks_by === 'field' && typeof record[definition.data.task_field!] === 'string') return record[definition.data.task_field!] as string;
  if (definition.data.tasks_by === 'none' || !definition.data.tasks_by) return definition.name;
  return undefined;
}

export function predictionFiles(target: string): Array<{ file: string; task?: string }> {
  if (!existsSync(target)) throw new UsageError(`--predictions ${target}: no such file or folder`);
  if (!statSync(target).isDirectory()) return [{ file: target }];
  const evalRun = path.join(target, 'predictions.jsonl');
  if (existsSync(evalRun) && existsSync(path.join(target, 'requests.jsonl'))) return [{ file: evalRun }]; // an alw eval run folder
  const files = readdirSync(target).filter((f) => f.endsWith('.jsonl')).sort();
  if (!files.length) throw new UsageError(`--predictions ${target}: no <task>.jsonl files in this folder`);
  return files.map((f) => ({ file: path.join(target, f), task: f.slice(0, -'.jsonl'.length) }));
}

export async function readPredictions(target: string, definition: BenchmarkDefinition, data: BenchmarkData | undefined): Promise<PredictionItem[]> {
  const known = definition.tasks && new Set(definition.tasks);
  const items: PredictionItem[] = [];
  const places = new Map<string, number>();
  for (const { file, task: fileTask } of predictionFiles(target)) {
    if (fileTask !== undefined && known && !known.has(fileTask)) throw new Error(`${file}: "${fileTask}" is not a task of ${definition.name}`);
    for (const line of iterateLines(readFileSync(file, 'utf8'))) {
      if (!line.text.trim()) continue;
      const where = (node?: JsonNode) => `${file}:${line.index + 1}:${(node?.offset ?? 0) + 1}`;
      const parsed = parseJsonLine(line.text);
      if (!parsed.ok) throw new Error(`${file}:${line.index + 1}:${parsed.column + 1}: invalid JSON: ${parsed.message}`);
      const record = parsed.value as Record<string, unknown>;
      if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error(`${where()}: a prediction must be a JSON object`);
      const field = (name: string) => valueNode(parsed.tree, name);
      if (typeof record.response !== 'string') {
        throw new Error(`${where(field('response'))}: ${'response' in record ? '"response" must be a string' : 'no "response" (the model\'s raw output)'}`);
      }
      const idField = definition.data.id_field ?? 'id';
      const id = record[idField] === undefined ? undefined : String(record[idField]);
      let task = fileTask ?? (typeof record.task === 'string' ? record.task : undefined) ?? taskOfRecord(definition, record, id);
      if (task === undefined && id !== undefined && data) task = await data.taskOfId(id);
      if (task === undefined) throw new Error(`${where()}: no task for this prediction: give a "task" field, or one <task>.jsonl file per task`);
      if (known && !known.has(task)) throw new Error(`${where(field('task'))}: "${task}" is not a task of ${definition.name}`);
      const place = typeof record.query_id === 'number' ? record.query_id : undefined;
      const position = places.get(task) ?? 0;
      places.set(task, position + 1);
      const key = id !== undefined ? `id ${id}` : place !== undefined ? `#${place}` : `@${position}`;
      if (typeof record.answer === 'string' || typeof record.answer === 'number') {
        items.push({ task, gold: String(record.answer), response: record.response, at: where(field('answer')), key });
        continue;
      }
      if (id === undefined && place === undefined) {
        throw new Error(`${where()}: no gold "answer", and no "${idField}" or "query_id" to find it with --data`);
      }
      const keyNode = id !== undefined ? field(idField) : field('query_id');
      if (!data) throw new Error(`${where(keyNode)}: no gold "answer" on this line: give --data DIR to look ${id !== undefined ? `"${idField}"` : '"query_id"'} up`);
      const gold = await data.find(task, id !== undefined ? { id } : { place });
      if (!gold) throw new Error(`${where(keyNode)}: no item ${id ?? `#${place}`} of task "${task}" in the data (--data)`);
      items.push({ task, gold: gold.answer, response: record.response, at: `${where(keyNode)} (gold from ${gold.from})`, key });
    }
  }
  if (!items.length) throw new Error(`--predictions ${target}: no predictions (every line is empty)`);
  return items;
}
