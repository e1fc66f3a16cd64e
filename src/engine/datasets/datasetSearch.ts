/**
 * Searches a dataset's records: plain substring, JavaScript regular expression (in a worker with a time
 * budget), or normalization-insensitive (the `match` profile on both sides: أحمد finds احمد), optionally only
 * among lines with a given diagnostic code. A record is searched by its string values (so escaped Arabic
 * such as \u0627 is found too); a line that is not JSON is searched as it is written.
 */
import type { SearchDatasetParams, SearchDatasetResult } from '../../protocol';
import { normalizeArabic } from '../../core/arabic/normalize';
import { recordStrings } from '../../core/datasets/datasetStats';
import type { DatasetIndex } from './datasetIndex';
import { lineCodes, parsedRecord } from './datasetRows';
import { RegexMatcher } from './datasetSearchRegex';
import { readLineBuffers } from '../formats/readLineBuffers';

export const DEFAULT_SEARCH_LIMIT = 10_000;
const BATCH = 2000;

interface Candidate {
  line: number;
  text: string;
}

export function searchableText(line: string): string {
  const record = parsedRecord(line);
  return record === undefined ? line : recordStrings(record).join('\n');
}

export async function searchDataset(index: DatasetIndex, params: SearchDatasetParams): Promise<Omit<SearchDatasetResult, 'version'>> {
  const limit = Math.max(1, params.limit ?? DEFAULT_SEARCH_LIMIT);
  const match = batchMatcher(params);
  const lines: number[] = [];
  let batch: Candidate[] = [];
  const flush = async () => {
    for (const hit of await match.run(batch)) {
      if (lines.length >= limit) break;
      lines.push(hit);
    }
    batch = [];
  };
  try {
    let line = 0;
    for await (const raw of readLineBuffers(index.file)) {
      const text = raw.toString('utf8').replace(/\r$/, '');
      const current = line++;
      if (text.trim() === '' || (params.code && !lineCodes(text, index.kind).includes(params.code))) continue;
      batch.push({ line: current, text });
      if (batch.length >= BATCH) {
        await flush();
        if (lines.length >= limit) return { lines, truncated: true };
      }
    }
    await flush();
    return { lines, truncated: false };
  } finally {
    match.dispose();
  }
}

interface BatchMatcher {
  run(batch: Candidate[]): Promise<number[]>;
  dispose(): void;
}

function batchMatcher(params: SearchDatasetParams): BatchMatcher {
  const query = params.query;
  if (query === '') return { run: async (batch) => batch.map((c) => c.line), dispose: () => {} };
  if (params.mode === 'regex') {
    const regex = new RegexMatcher(query);
    return {
      run: async (batch) => {
        if (batch.length === 0) return [];
        const where = `lines ${batch[0].line + 1}–${batch[batch.length - 1].line + 1}`;
        const hits = await regex.match(batch.map((c) => searchableText(c.text)), where);
        return hits.map((i) => batch[i].line);
      },
      dispose: () => regex.dispose(),
    };
  }
  const test = params.mode === 'normalized'
    ? ((key) => (text: string) => normalizeArabic(text, 'match').includes(key))(normalizeArabic(query, 'match'))
    : (text: string) => text.includes(query);
  return { run: async (batch) => batch.filter((c) => test(searchableText(c.text))).map((c) => c.line), dispose: () => {} };
}
