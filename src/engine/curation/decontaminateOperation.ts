/**
 * `decontaminate`: drops (or, with `mode: report`, only lists) training records that share word n-grams
 * with evaluation items (src/core/curation/decontaminate.ts). Eval files are read in any supported format
 * (the benchmark JSONL files, the headerless Arabic MMLU CSV); each hit names the eval file and item id.
 */
import { existsSync } from 'node:fs';
import { EvalIndex } from '../../core/curation/decontaminate';
import { recordTexts } from '../../core/curation/dedupKey';
import { readEvalItems } from '../formats/readEvalItems';
import { writeAtomically } from './atomicOutput';
import { numberOption, pathOption, rejectUnknown } from './optionChecks';
import { copyLine, fileSize, ProblemLines, readCurationRecords } from './curationRecords';
import { OptionError, throwIfCancelled, type CurationOperation } from './operation';

interface DecontaminateOptions {
  /** Evaluation files. */
  eval: string[];
  ngram: number;
  minWords: number;
  /** A record is contaminated when it shares at least this many distinct n-grams with one eval item. */
  threshold: number;
  /** drop: contaminated records are left out; report: every record is kept, hits are only reported. */
  mode: 'drop' | 'report';
  /** JSONL: {"line": N, "matches": [{"item": "EVALFILE#ID", "ngram": "…", "count": K}]} per contaminated record. */
  report: string | null;
}

export const decontaminateOperation: CurationOperation<DecontaminateOptions> = {
  name: 'decontaminate',
  summary: 'drop records sharing a 13-word n-gram with evaluation items (or only report them)',
  pathOptions: ['eval'],
  sideOutputOptions: ['report'],
  options(raw) {
    rejectUnknown('decontaminate', raw, ['eval', 'ngram', 'minWords', 'threshold', 'mode', 'report']);
    const evalFiles = Array.isArray(raw.eval) ? raw.eval : raw.eval === undefined ? [] : [raw.eval];
    if (evalFiles.length === 0 || evalFiles.some((f) => typeof f !== 'string' || f === '')) {
      throw new OptionError('eval: give one or more evaluation files');
    }
    const ngram = numberOption(raw, 'ngram', 13, { min: 1, max: 1000 });
    const mode = String(raw.mode ?? 'drop');
    if (mode !== 'drop' && mode !== 'report') throw new OptionError(`mode: "${mode}" is not one of drop, report`);
    return {
      eval: evalFiles as string[],
      ngram,
      minWords: numberOption(raw, 'minWords', Math.min(8, ngram), { min: 1, max: ngram }),
      threshold: numberOption(raw, 'threshold', 1, { min: 1 }),
      mode,
      report: pathOption(raw, 'report'),
    };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('decontaminate takes one input file');
    const [input] = inputs;
    if (options.eval.includes(output)) throw new OptionError(`eval: ${output} is the output`);
    const missing = options.eval.find((file) => !existsSync(file));
    if (missing) throw new OptionError(`eval: no such file: ${missing}`);
    const evalProblems = new ProblemLines();
    const index = EvalIndex.build(await readEvalItems(options.eval, (file) => file, (file, source) =>
      evalProblems.add(`${file}:${source.line}:${source.error?.column ?? 1}: ${source.error?.message ?? 'unreadable record'}`)), { ngram: options.ngram, minWords: options.minWords });
    const total = fileSize(input);
    const problems = new ProblemLines();
    const targets = options.report ? [output, options.report] : [output];
    let records = 0;
    let contaminated = 0;
    await writeAtomically(targets, async ([kept, report]) => {
      for await (const line of readCurationRecords(input)) {
        throwIfCancelled(context.signal);
        if (line.line % 2000 === 0) context.progress(line.bytesRead, total);
        if (line.problem) problems.add(line.problem);
        if (line.record) {
          records++;
          const matches = index.query(recordTexts(line.record).join('\n')).filter((m) => m.count >= options.threshold);
          if (matches.length > 0) {
            contaminated++;
            await report?.writeLine(JSON.stringify({ line: line.line, matches: matches.map(({ itemId, ngram, count }) => ({ item: itemId, ngram, count })) }));
            if (options.mode === 'drop') continue;
          }
        }
        await copyLine(kept, line);
      }
    });
    context.progress(total, total);
    return {
      report: {
        records, contaminated, kept: options.mode === 'drop' ? records - contaminated : records,
        evalItems: index.items, evalNgrams: index.size,
        evalItemsTooShort: index.skippedItems.length,
        evalInvalid: evalProblems.count, evalInvalidRecords: evalProblems.listed,
        invalid: problems.count, invalidLines: problems.listed,
      },
      outputs: targets,
    };
  },
};

/** Every record of the eval files as an item "FILE#ID" (ID: the record's `id`, else its line). */
