/**
 * The record view of a CSV, JSON or Parquet dataset: the file converted once, streaming through `recordLines`,
 * into a JSONL cache (one `JSON.stringify(record)` a line) that the dataset panel's JSONL code (index, rows,
 * search, stats, preview) reads unchanged. A record that cannot be read becomes a line naming its source
 * position and the reason; that line is not JSON, so the row code reports it as a problem (ALW001).
 * Beside the cache, `.positions` holds each record's source position (CSV or JSON line where it starts, Parquet row number)
 * as float64 values. Both are named by a hash of the source path and one of its (size, mtime): a changed file
 * gets a new cache, and building one removes the older caches of the same source. `PREFIX.source` names the
 * source path, so building a cache also removes the caches of sources that are gone.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DatasetFormat } from '../../core/formats/datasetFiles';
import { recordLines, viewFormatOf } from '../formats/recordLines';
import { isAlive } from '../shared/processAlive';

/** Bump when the cache's content changes meaning, so old caches are not reused. */
const CACHE_VERSION = 2; // 2: JSON records at the line where they start, not their row number
const BUILD_ATTEMPTS = 3;

export interface RecordSource {
  /** The dataset file the records came from. */
  file: string;
  format: DatasetFormat;
  size: number;
  mtimeMs: number;
  /** 1-based source position of each record: CSV or JSON line where it starts, Parquet row number. */
  positions: Float64Array<ArrayBufferLike>;
}

export interface RecordCache {
  /** The JSONL cache: one line per record, in source order. */
  cacheFile: string;
  source: RecordSource;
}

/**
 * Cache file names for one version of a source: `prefix` is shared by every version of the same path (so
 * stale ones can be found), `base` adds the version's size and mtime.
 */
export function recordCacheNames(file: string, size: number, mtimeMs: number): { prefix: string; base: string } {
  const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);
  const prefix = hash(path.resolve(file), 20);
  return { prefix, base: `${prefix}-${hash(`${CACHE_VERSION}\0${size}\0${mtimeMs}`, 12)}` };
}

/** The record view of `file` in `cacheDir`: reused when current, else built (and older versions removed). */
export async function recordCache(file: string, cacheDir: string, options: { rebuild?: boolean } = {}): Promise<RecordCache> {
  const format = viewFormatOf(file);
  for (let attempt = 1; ; attempt++) {
    const { size, mtimeMs } = statSync(file);
    const { prefix, base } = recordCacheNames(file, size, mtimeMs);
    const cacheFile = path.join(cacheDir, `${base}.jsonl`);
    const positionsFile = path.join(cacheDir, `${base}.positions`);
    const stamp = { file, format, size, mtimeMs };
    if (!options.rebuild && existsSync(cacheFile) && existsSync(positionsFile)) {
      return { cacheFile, source: { ...stamp, positions: readPositions(positionsFile) } };
    }
    mkdirSync(cacheDir, { recursive: true });
    // Named before the build, so another engine cleaning up meanwhile does not take the new cache for an orphan.
    const sourceName = path.join(cacheDir, `${prefix}.source`);
    writeFileSync(sourceName, path.resolve(file));
    const positions = await convert(file, format, cacheFile, positionsFile).catch((error: unknown) => {
      if (!readdirSync(cacheDir).some((name) => name.startsWith(`${prefix}-`))) rmSync(sourceName, { force: true });
      throw error;
    });
    const now = statSync(file);
    if (now.size === size && now.mtimeMs === mtimeMs) {
      removeOtherVersions(cacheDir, prefix, base);
      removeCachesOfGoneSources(cacheDir);
      return { cacheFile, source: { ...stamp, positions } };
    }
    rmSync(cacheFile, { force: true });
    rmSync(positionsFile, { force: true });
    if (attempt >= BUILD_ATTEMPTS) throw new Error(`${file} kept changing while it was being read; open it again once it is written`);
  }
}

/** Streams the records into temporary files renamed at the end (positions first: a cache file implies its positions). */
async function convert(file: string, format: DatasetFormat, cacheFile: string, positionsFile: string): Promise<Float64Array> {
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  const out = createWriteStream(cacheFile + suffix);
  let positions = new Float64Array(1024);
  let count = 0;
  try {
    try {
      for await (const { text, line } of recordLines(file, format)) {
        if (count === positions.length) positions = grown(positions);
        positions[count++] = line;
        if (!out.write(`${text}\n`)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    positions = positions.slice(0, count);
    writeFileSync(positionsFile + suffix, new Uint8Array(positions.buffer));
    renameSync(positionsFile + suffix, positionsFile);
    renameSync(cacheFile + suffix, cacheFile);
    return positions;
  } catch (error) {
    rmSync(cacheFile + suffix, { force: true });
    rmSync(positionsFile + suffix, { force: true });
    throw error;
  }
}

/** A copy of `array` with twice its length (for arrays filled as a file is read). */
export function grown(array: Float64Array<ArrayBufferLike>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function readPositions(file: string): Float64Array {
  const bytes = readFileSync(file);
  // Copied into its own buffer: a Float64Array needs an 8-byte aligned offset.
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 8)));
}

/** Removes the other versions of this source's cache, and temporary files no live process is writing. */
function removeOtherVersions(cacheDir: string, prefix: string, base: string): void {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(`${prefix}-`) || name === `${base}.jsonl` || name === `${base}.positions`) continue;
    removeUnlessBeingWritten(path.join(cacheDir, name));
  }
}

/** Removes the caches whose source file is gone, or that were built before sources were named (no `.source`). */
function removeCachesOfGoneSources(cacheDir: string): void {
  const names = readdirSync(cacheDir);
  const present = new Set<string>();
  for (const name of names) {
    if (!name.endsWith('.source')) continue;
    const prefix = name.slice(0, -'.source'.length);
    if (existsSync(readFileSync(path.join(cacheDir, name), 'utf8'))) present.add(prefix);
    else rmSync(path.join(cacheDir, name), { force: true });
  }
  for (const name of names) {
    const prefix = /^([0-9a-f]{20})-/.exec(name)?.[1];
    if (prefix && !present.has(prefix)) removeUnlessBeingWritten(path.join(cacheDir, name));
  }
}

function removeUnlessBeingWritten(file: string): void {
  const writer = /\.tmp-(\d+)-\d+$/.exec(file);
  if (writer && Number(writer[1]) !== process.pid && isAlive(Number(writer[1]))) return;
  rmSync(file, { force: true });
}
