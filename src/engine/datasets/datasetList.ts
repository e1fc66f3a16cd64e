/**
 * The workspace's datasets for the Datasets view: every *.jsonl / *.ndjson, *.csv, *.parquet and dataset *.json
 * outside node_modules, .git, .alw, out and dist, with its kind, record count, problem count and size. A file is
 * read once per (size, mtime). CSV and Parquet files are streamed through their records (no cache is written
 * for the list); a .json file counts only when it holds records of a known kind (never package.json and the
 * like), and one over MAX_LISTED_JSON_BYTES is skipped rather than loaded whole.
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatasetSummary } from '../../protocol';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import { DATASET_FILE } from '../../core/formats/datasetFiles';
import { KIND_SAMPLE_LINES, kindOfLines, type DatasetIndexCache } from './datasetIndex';
import { recordLines, viewFormatOf } from '../formats/recordLines';
import { lineProblems } from './datasetRows';
import { readLineBuffers } from '../formats/readLineBuffers';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.alw', 'out', 'dist']);
const MAX_FILES = 5000;
/** A .json dataset is parsed whole; larger ones are left out of the list (convert them to JSONL). */
export const MAX_LISTED_JSON_BYTES = 100 * 1024 * 1024;

export function findDatasetFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= MAX_FILES) return;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.isFile() && DATASET_FILE.test(entry.name)) found.push(path.join(dir, entry.name));
    }
  };
  walk(root);
  return found;
}

/** Counts the records and problems of line texts, checked as records of `kind`. */
class LineTally {
  records = 0;
  problems = 0;
  /** Lines held back until they decide the kind (when it was not given). */
  private held: string[] | undefined;

  constructor(public kind: DatasetKind | undefined, detectKind = false) {
    if (detectKind) this.held = [];
  }

  add(text: string): void {
    if (text.trim() === '') return;
    if (this.held) {
      this.held.push(text);
      if (this.held.length >= KIND_SAMPLE_LINES) this.settle();
      return;
    }
    this.records++;
    this.problems += lineProblems(text, this.kind).length;
  }

  /** Decides the kind from the lines held back (if any) and counts them. */
  settle(): this {
    const held = this.held;
    if (!held) return this;
    this.held = undefined;
    this.kind = kindOfLines(held);
    held.forEach((text) => this.add(text));
    return this;
  }
}

export class DatasetList {
  /** Per file and (size, mtime): its summary, or undefined when it is not a dataset. */
  private readonly summaries = new Map<string, { stamp: string; summary: Promise<DatasetSummary | undefined> }>();

  constructor(private readonly indexes: DatasetIndexCache) {}

  async list(root: string): Promise<DatasetSummary[]> {
    const files = findDatasetFiles(root);
    const live = new Set(files);
    for (const file of this.summaries.keys()) if (!live.has(file)) this.summaries.delete(file);
    const settled = await Promise.allSettled(files.map((file) => this.summary(file)));
    return settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
  }

  summary(file: string): Promise<DatasetSummary | undefined> {
    const { size, mtimeMs } = statSync(file);
    const stamp = `${size}:${mtimeMs}`;
    const cached = this.summaries.get(file);
    if (cached?.stamp === stamp) return cached.summary;
    const summary = viewFormatOf(file) === 'jsonl' ? this.summarizeJsonl(file) : this.summarizeRecords(file, size);
    this.summaries.set(file, { stamp, summary });
    summary.catch(() => this.summaries.delete(file));
    return summary;
  }

  private async summarizeJsonl(file: string): Promise<DatasetSummary> {
    const index = await this.indexes.get(file);
    const tally = new LineTally(index.kind);
    for await (const raw of readLineBuffers(file)) tally.add(raw.toString('utf8').replace(/\r$/, ''));
    return { uri: pathToFileURL(file).href, kind: index.kind ?? 'unknown', format: 'jsonl', records: tally.records, problems: tally.problems, bytes: index.size };
  }

  /** A CSV, JSON or Parquet file, read as its record view's lines; undefined when it is not a dataset. */
  private async summarizeRecords(file: string, bytes: number): Promise<DatasetSummary | undefined> {
    const format = viewFormatOf(file);
    if (format === 'json' && bytes > MAX_LISTED_JSON_BYTES) return undefined;
    const tally = new LineTally(undefined, true);
    try {
      for await (const { text } of recordLines(file, format)) tally.add(text);
    } catch {
      return undefined; // not a table or an array of records
    }
    const { kind, records, problems } = tally.settle();
    if (format === 'json' && !kind) return undefined;
    return { uri: pathToFileURL(file).href, kind: kind ?? 'unknown', format, records, problems, bytes };
  }
}
