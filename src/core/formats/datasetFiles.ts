/**
 * Which files are datasets, by file name: JSONL (also `.ndjson`), JSON, CSV and Parquet. The Datasets view, the
 * engine's readers and writers and the CLI's output names all ask here.
 */
export const DATASET_FORMATS = ['jsonl', 'json', 'csv', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

const EXTENSIONS: Record<string, DatasetFormat> = { jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', csv: 'csv', parquet: 'parquet' };

/** A dataset file name's extension (group 1 without the dot). */
export const DATASET_FILE = new RegExp(`\\.(${Object.keys(EXTENSIONS).join('|')})$`, 'i');
/** A file watcher's glob for every dataset file. */
export const DATASET_GLOB = `**/*.{${Object.keys(EXTENSIONS).join(',')}}`;
/** Files whose text lines are their records, so an editor line is also a record index. */
export const LINE_PER_RECORD_FILE = /\.(jsonl|ndjson)$/i;

/** The format a file name says, or undefined for any other file. */
export function datasetFormatOf(file: string): DatasetFormat | undefined {
  const match = DATASET_FILE.exec(file);
  return match ? EXTENSIONS[match[1].toLowerCase()] : undefined;
}
