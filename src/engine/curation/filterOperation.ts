/**
 * `filter`: keeps the records whose text (src/core/curation/recordText) passes the quality rules
 * (src/core/curation/qualityFilter), copied byte for byte. Optionally writes every removed record to a
 * `rejected` JSONL file with the rule, the measured value and the threshold. Lines that cannot be read
 * are not kept; they are counted, listed by FILE:LINE:COLUMN and written to the rejected file.
 */
import { isDatasetKind, type DatasetKind } from '../../core/datasets/datasetKinds';
import { qualityVerdict } from '../../core/curation/qualityFilter';
import { QUALITY_PRESETS, resolveThresholds, type QualityThresholds } from '../../core/curation/qualityThresholds';
import { recordText } from '../../core/curation/recordText';
import { writeAtomically } from './atomicOutput';
import { fileSize, ProblemLines, readCurationRecords } from './curationRecords';
import { OptionError, throwIfCancelled, type CurationOperation } from './operation';

interface FilterOptions {
  thresholds: QualityThresholds;
  kind?: DatasetKind;
  fields?: string[];
  rejected?: string;
}

const DEFAULT_PRESET = 'fineweb2-arabic';

export const filterOperation: CurationOperation<FilterOptions> = {
  name: 'filter',
  summary: 'quality filter (FineWeb-2 Arabic preset: Gopher repetition and quality, FineWeb rules, length, Arabic share)',
  sideOutputOptions: ['rejected'],
  options(raw) {
    const { preset = DEFAULT_PRESET, kind, fields, rejected, ...changes } = raw;
    const base = QUALITY_PRESETS[String(preset)];
    if (!base) throw new OptionError(`preset: "${String(preset)}" is not one of ${Object.keys(QUALITY_PRESETS).join(', ')}`);
    if (kind !== undefined && !isDatasetKind(String(kind))) throw new OptionError(`kind: "${String(kind)}" is not a dataset kind`);
    const thresholds = resolveThresholds(base, changes);
    if (typeof thresholds === 'string') throw new OptionError(thresholds);
    const fieldList = typeof fields === 'string' ? fields.split(',').map((f) => f.trim()).filter(Boolean) : (fields as string[] | undefined);
    if (fieldList !== undefined && (!Array.isArray(fieldList) || fieldList.some((f) => typeof f !== 'string'))) {
      throw new OptionError('fields: expected a list of field names');
    }
    return { thresholds, kind: kind as DatasetKind | undefined, fields: fieldList, rejected: rejected === undefined ? undefined : String(rejected) };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('filter takes one input file');
    const [input] = inputs;
    const total = fileSize(input);
    const problems = new ProblemLines();
    const byRule: Record<string, number> = {};
    let records = 0;
    let kept = 0;
    await writeAtomically(options.rejected ? [output, options.rejected] : [output], async ([out, rejected]) => {
      for await (const line of readCurationRecords(input)) {
        throwIfCancelled(context.signal);
        context.progress(line.bytesRead, total);
        if (!line.record) {
          problems.add(line.problem!);
          await rejected?.writeLine(JSON.stringify({ line: line.line, rule: 'unreadable', problem: line.problem, text: line.raw.toString('utf8') }));
          continue;
        }
        records++;
        const verdict = qualityVerdict(recordText(line.record, options.kind, options.fields), options.thresholds);
        if (!verdict) {
          kept++;
          await out.writeLine(line.raw);
          continue;
        }
        byRule[verdict.rule] = (byRule[verdict.rule] ?? 0) + 1;
        await rejected?.writeLine(JSON.stringify({ line: line.line, ...verdict, record: line.record }));
      }
    });
    context.progress(total, total);
    return {
      report: { records, kept, removed: records - kept, byRule, broken: problems.count, brokenLines: problems.listed },
      outputs: options.rejected ? [output, options.rejected] : [output],
    };
  },
};
