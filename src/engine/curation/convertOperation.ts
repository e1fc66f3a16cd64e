/**
 * `convert`: reads any supported format (JSONL, JSON, CSV, Parquet), optionally converts each record between
 * the instruction / chat / ShareGPT forms, and writes JSONL (the runner writes Parquet for a *.parquet output).
 * Records that cannot be read or converted are skipped and listed by file:line in the report.
 */
import { CONVERSION_TARGETS, convertRecord, type ConversionTarget } from '../../core/formats/convertRecord';
import type { DatasetFormat } from '../../core/formats/datasetFiles';
import { readRecords } from '../formats/readRecords';
import { writeRecords } from '../formats/writeRecords';
import { CancelledError, OptionError, type CurationOperation } from './operation';

interface ConvertOptions {
  to: ConversionTarget | null;
  /** CSV only: auto-detect a header, or read the headerless MMLU layout. */
  header: 'auto' | 'header' | 'mmlu';
  format: DatasetFormat | null;
}

const MAX_LISTED = 100;

export const convertOperation: CurationOperation<ConvertOptions> = {
  name: 'convert',
  summary: 'convert between JSONL, JSON, CSV and Parquet, and between the instruction, chat and ShareGPT forms',
  options(raw) {
    const to = raw.to === undefined || raw.to === null ? null : String(raw.to);
    if (to !== null && !(CONVERSION_TARGETS as readonly string[]).includes(to)) throw new OptionError(`to: "${to}" is not one of ${CONVERSION_TARGETS.join(', ')}`);
    const header = String(raw.header ?? 'auto');
    if (!['auto', 'header', 'mmlu'].includes(header)) throw new OptionError(`header: "${header}" is not one of auto, header, mmlu`);
    const format = raw.format === undefined ? null : (String(raw.format) as DatasetFormat);
    return { to: to as ConversionTarget | null, header: header as ConvertOptions['header'], format };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('convert takes one input file');
    const [input] = inputs;
    const skipped: string[] = [];
    let read = 0;
    const converted = async function* () {
      for await (const source of readRecords(input, { header: options.header, format: options.format ?? undefined })) {
        if (context.signal.aborted) throw new CancelledError();
        read++;
        if (read % 1000 === 0) context.progress(read, 0, `${read} records`);
        if (!source.record) {
          skipped.push(`${input}:${source.line}:${source.error!.column}: ${source.error!.message}`);
          continue;
        }
        try {
          yield options.to ? convertRecord(source.record, options.to) : source.record;
        } catch (error) {
          skipped.push(`${input}:${source.line}: ${(error as Error).message}`);
        }
      }
    };
    // JSONL: the runner turns the output into Parquet when it is named *.parquet, as for every operation.
    const written = await writeRecords(output, converted());
    context.progress(read, read);
    return {
      report: { read, written, skipped: skipped.length, skippedRecords: skipped.slice(0, MAX_LISTED), to: options.to ?? 'unchanged' },
      outputs: [output],
    };
  },
};
