/**
 * Statistics of a whole dataset file, streamed line by line through the core stats builder: a JSONL file's
 * lines, or a CSV, Parquet or JSON file's records as their JSON renderings (formats/recordLines.ts), the same
 * lines the dataset panel's record view holds.
 */
import type { DatasetStats } from '../../protocol';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import { DatasetStatsBuilder, type TokenCounter } from '../../core/datasets/datasetStats';
import { KIND_SAMPLE_LINES, kindOfLines } from './datasetIndex';
import { lineCodes, parsedRecord } from './datasetRows';
import { recordLines } from '../formats/recordLines';

export async function datasetFileStats(file: string, kind: DatasetKind | undefined, countTokens?: TokenCounter): Promise<DatasetStats> {
  const builder = new DatasetStatsBuilder(kind, countTokens);
  for await (const line of recordLines(file)) {
    const text = line.text.replace(/\r$/, '');
    if (text.trim() === '') continue;
    builder.add(parsedRecord(text), lineCodes(text, kind));
  }
  return builder.result();
}

/** The file's kind from its first KIND_SAMPLE_LINES lines (records), as the dataset panel and `alw validate` tell it. */
export async function datasetFileKind(file: string): Promise<DatasetKind | undefined> {
  const texts: string[] = [];
  for await (const { text } of recordLines(file)) {
    texts.push(text);
    if (texts.length >= KIND_SAMPLE_LINES) break;
  }
  return kindOfLines(texts);
}
