/**
 * `normalize`: Arabic normalization of every string as a curation operation. JSONL goes through
 * src/engine/datasets/normalizeFile.ts (unchanged lines keep their bytes); CSV, Parquet and JSON are written as JSONL,
 * one normalized record per line.
 */
import { normalizeArabic, PROFILES, type ArabicProfileName } from '../../core/arabic/normalize';
import { byteName } from '../../core/formats/utf8';
import { viewFormatOf } from '../formats/recordLines';
import { mapStrings, normalizeFile, type NormalizeFileResult } from '../datasets/normalizeFile';
import { writeAtomically } from './atomicOutput';
import { rejectUnknown } from './optionChecks';
import { fileSize, ProblemLines, readableRecords } from './curationRecords';
import { OptionError, type CurationOperation, type OperationContext } from './operation';

interface NormalizeOptions {
  profile: ArabicProfileName;
}

export const normalizeOperation: CurationOperation<NormalizeOptions> = {
  name: 'normalize',
  summary: 'Arabic normalization of every string (profile safe or match); in JSONL, unchanged and broken lines keep their bytes',
  options(raw) {
    rejectUnknown('normalize', raw, ['profile']);
    const profile = String(raw.profile ?? 'safe');
    if (!(profile in PROFILES)) throw new OptionError(`profile: "${profile}" is not one of ${Object.keys(PROFILES).join(', ')}`);
    return { profile: profile as ArabicProfileName };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('normalize takes one input file');
    const [input] = inputs;
    const total = fileSize(input);
    if (viewFormatOf(input) !== 'jsonl') return { report: await normalizeRecords(input, output, options.profile, context), outputs: [output] };
    const result: NormalizeFileResult = await normalizeFile(input, output, options.profile, (_, bytes) => context.progress(bytes, total), context.signal);
    context.progress(total, total);
    return {
      report: {
        records: result.records,
        changed: result.changed,
        // Broken lines are copied unchanged (normalize never drops a line).
        broken: result.brokenLines.length + result.notUtf8.length,
        brokenLines: brokenLineTexts(input, result).slice(0, 100),
      },
      outputs: [output],
    };
  },
};

function brokenLineTexts(input: string, result: NormalizeFileResult): string[] {
  const notJson = result.brokenLines.map((line) => ({ line, text: `${input}:${line}: not valid JSON, copied unchanged` }));
  const notUtf8 = result.notUtf8.map(({ line, column, byte }) => ({ line, text: `${input}:${line}:${column}: not valid UTF-8 (${byteName(byte)}), copied unchanged` }));
  return [...notJson, ...notUtf8].sort((a, b) => a.line - b.line).map((b) => b.text);
}

/** A table or JSON file has no lines to copy: every readable record is written, unreadable ones are reported. */
async function normalizeRecords(input: string, output: string, profile: ArabicProfileName, context: OperationContext) {
  const total = fileSize(input);
  const problems = new ProblemLines();
  let records = 0;
  let changed = 0;
  await writeAtomically([output], async ([out]) => {
    for await (const line of readableRecords(input, context, problems)) {
      records++;
      const text = JSON.stringify(mapStrings(line.record, (s) => normalizeArabic(s, profile)));
      if (text !== line.raw.toString('utf8')) changed++;
      await out.writeLine(text);
    }
  });
  context.progress(total, total);
  return { records, changed, broken: problems.count, brokenLines: problems.listed };
}
