/**
 * The line-offset index of a JSONL file: one streaming pass records where every line starts (a typed array,
 * so a file far larger than memory costs 8 bytes a line), then rows are served by reading only their bytes.
 * An index is valid for one (size, mtime) of the file; the cache rebuilds it when the file changes. The same pass
 * hashes the bytes (SHA-256): with size and mtime that is the index's `version`, which every answer carries and
 * every save must match, so an edit made against one version of a file is never written into another.
 * A CSV, JSON or Parquet dataset is indexed through its record view (datasetRecordCache.ts): the index reads
 * the JSONL cache, and knows the source file, its stamp and each record's source position.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { detectKind, type DatasetKind } from '../../core/datasets/datasetKinds';
import { grown, recordCache, type RecordSource } from './datasetRecordCache';
import { viewFormatOf } from '../formats/recordLines';
import { parsedRecord } from './datasetRows';
import type { DatasetFormat } from '../../core/formats/datasetFiles';
import { isAlive } from '../shared/processAlive';
import { removeStaleTemps } from '../shared/atomicWrite';
import { filePathOf } from '../shared/fileUri';

/** How many lines from the start are read to decide a file's kind (detectKind counts up to 200 records among them: blank and broken lines do not vote). */
export const KIND_SAMPLE_LINES = 400;

/** The dataset kind of these line texts (JSON records; other lines do not vote). */
export function kindOfLines(texts: string[]): DatasetKind | undefined {
  return detectKind(texts.map(parsedRecord).filter((r) => r !== undefined));
}

export interface IndexedLine {
  line: number;
  /** The line's text without its LF (and without a CR before it). */
  text: string;
  /** lineHash of its bytes. */
  hash: string;
}

/** SHA-256 (hex) of a line's bytes without its ending (LF, CRLF or none): what a pending edit is anchored to. */
export function lineHash(bytes: Buffer): string {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 10) end--;
  if (end > 0 && bytes[end - 1] === 13) end--;
  return createHash('sha256').update(bytes.subarray(0, end)).digest('hex');
}

export class DatasetIndex {
  private constructor(
    readonly file: string,
    readonly size: number,
    readonly mtimeMs: number,
    /** Start offset of each line, plus one final entry: the end of the last line's bytes (terminator included). */
    private readonly starts: Float64Array<ArrayBufferLike>,
    readonly lines: number,
    readonly kind: DatasetKind | undefined,
    /** SHA-256 (hex) of the `size` bytes indexed. */
    readonly sha256: string,
    /** Set when `file` is the record view of a CSV, JSON or Parquet dataset. */
    readonly source?: RecordSource,
  ) {}

  static async build(file: string, source?: RecordSource): Promise<DatasetIndex> {
    const { size, mtimeMs } = statSync(file);
    const hash = createHash('sha256');
    let starts: Float64Array<ArrayBufferLike> = new Float64Array(1024);
    let lines = 0;
    let offset = 0;
    let lineOpen = false;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      let from = 0;
      while (from < chunk.length) {
        if (!lineOpen) {
          if (lines + 1 >= starts.length) starts = grown(starts);
          starts[lines++] = offset + from;
          lineOpen = true;
        }
        const nl = chunk.indexOf(10, from);
        if (nl === -1) break;
        lineOpen = false;
        from = nl + 1;
      }
      offset += chunk.length;
    }
    starts[lines] = offset;
    const sha256 = hash.digest('hex');
    // Written while we read: the bytes hashed are not the (size, mtime) stated; the next request indexes again.
    const stamp = offset === size ? mtimeMs : Number.NaN;
    const index = new DatasetIndex(file, offset, stamp, starts.slice(0, lines + 1), lines, undefined, sha256, source);
    const sample = await index.read(0, Math.min(lines, KIND_SAMPLE_LINES));
    return new DatasetIndex(file, offset, stamp, index.starts, lines, kindOfLines(sample.map((l) => l.text)), sha256, source);
  }

  /** The version token of the file indexed: size, mtime and SHA-256 (plus the source's stamp for a record view). */
  get version(): string {
    const own = `${this.size}:${this.mtimeMs}:${this.sha256}`;
    return this.source ? `${own}:${this.source.size}:${this.source.mtimeMs}` : own;
  }

  /** The dataset file itself (for a record view, its source rather than the cache). */
  get sourceFile(): string {
    return this.source?.file ?? this.file;
  }

  get format(): DatasetFormat {
    return this.source?.format ?? 'jsonl';
  }

  get sourceBytes(): number {
    return this.source?.size ?? this.size;
  }

  /** 1-based position of line `line` in the dataset file: the JSONL line, the CSV or JSON line where the record starts, or the Parquet row. */
  position(line: number): number {
    return this.source ? this.source.positions[line] : line + 1;
  }

  /** `FILE:POSITION` of a line, for messages. */
  where(line: number): string {
    return `${this.sourceFile}:${this.position(line)}`;
  }

  /** Byte range of line `line`, terminator included. */
  byteRange(line: number): [number, number] {
    return [this.starts[line], this.starts[line + 1]];
  }

  /** Whether the file on disk (and, for a record view, its source) is still the one indexed. */
  isCurrent(): boolean {
    return sameStamp(this.file, this) && (!this.source || sameStamp(this.source.file, this.source));
  }

  /** Lines [start, start + count), reading only their bytes. */
  async read(start: number, count: number): Promise<IndexedLine[]> {
    const first = Math.max(0, Math.min(start, this.lines));
    const end = Math.max(first, Math.min(this.lines, first + Math.max(0, count)));
    if (end === first) return [];
    const from = this.starts[first];
    const bytes = Buffer.alloc(this.starts[end] - from);
    const handle = await open(this.file, 'r');
    try {
      await handle.read(bytes, 0, bytes.length, from);
    } finally {
      await handle.close();
    }
    const result: IndexedLine[] = [];
    for (let line = first; line < end; line++) {
      const slice = bytes.subarray(this.starts[line] - from, this.starts[line + 1] - from);
      result.push({ line, text: stripEol(slice.toString('utf8')), hash: lineHash(slice) });
    }
    return result;
  }
}

function sameStamp(file: string, stamp: { size: number; mtimeMs: number }): boolean {
  try {
    const { size, mtimeMs } = statSync(file);
    return size === stamp.size && mtimeMs === stamp.mtimeMs;
  } catch {
    return false;
  }
}

export function stripEol(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** The prefix of temporary files the dataset save writes beside its target; the pid follows it. */
export function saveTempPrefix(file: string): string {
  return `.${path.basename(file)}.alw-save-`;
}

/** The file a save writes: `file`, or the target of the symlink `file` is (the link itself is kept). */
export function saveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Removes temporary files left beside `file` (or its symlink's target) by a save whose process died (a crash mid-save). */
export function removeStaleSaveTemps(linkOrFile: string): string[] {
  const file = saveTarget(linkOrFile);
  const dir = path.dirname(file);
  const prefix = saveTempPrefix(file);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (pid === process.pid || isAlive(pid)) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** One index per file, rebuilt when the file's size or mtime changes; concurrent callers share a build. */
export class DatasetIndexCache {
  private readonly indexes = new Map<string, Promise<DatasetIndex>>();

  /** `cacheDir` is where record views of CSV, JSON and Parquet files go (the workspace's `.alw/cache/datasets`). */
  constructor(private readonly cacheDir: () => string) {}

  async get(uriOrPath: string): Promise<DatasetIndex> {
    const file = path.resolve(filePathOf(uriOrPath));
    const cached = this.indexes.get(file);
    if (cached) {
      const index = await cached.catch(() => undefined);
      if (index?.isCurrent()) return index;
    }
    const building = this.build(file);
    this.indexes.set(file, building);
    building.catch(() => this.indexes.delete(file));
    return building;
  }

  private async build(file: string): Promise<DatasetIndex> {
    if (viewFormatOf(file) === 'jsonl') return DatasetIndex.build(file);
    const view = await recordCache(file, this.cacheDir());
    const index = await DatasetIndex.build(view.cacheFile, view.source);
    if (index.lines === view.source.positions.length) return index;
    // The cache and its positions disagree (edited or truncated by hand): convert the source again.
    const rebuilt = await recordCache(file, this.cacheDir(), { rebuild: true });
    return DatasetIndex.build(rebuilt.cacheFile, rebuilt.source);
  }

  /** Opening a file (the panel) also clears what a crashed save or curation run into it left behind. */
  async open(uriOrPath: string): Promise<DatasetIndex> {
    removeStaleSaveTemps(path.resolve(filePathOf(uriOrPath)));
    removeStaleTemps(saveTarget(path.resolve(filePathOf(uriOrPath))));
    return this.get(uriOrPath);
  }
}
