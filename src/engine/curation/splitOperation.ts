/**
 * `split`: one dataset into OUTPUT/train.jsonl, OUTPUT/validation.jsonl (and OUTPUT/test.jsonl when the
 * ratios have a third part). Each record's part comes from a seeded hash of its bytes
 * (src/core/curation/splitPlan), so the split is deterministic, the parts are disjoint, and repeated
 * records never straddle train and validation. Records are copied byte for byte; unreadable lines are
 * skipped and listed. The folder is created if missing (and removed again on cancel).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseRatios } from '../../core/curation/ratios';
import { splitPartIndex, SPLIT_PARTS } from '../../core/curation/splitPlan';
import { writeAtomically } from './atomicOutput';
import { numberOption, rejectUnknown } from './optionChecks';
import { fileSize, ProblemLines, readableRecords } from './curationRecords';
import { OptionError, type CurationOperation } from './operation';

interface SplitOptions {
  ratios: number[];
  seed: number;
}

const KNOWN = ['ratios', 'seed'];

export const splitOperation: CurationOperation<SplitOptions> = {
  name: 'split',
  summary: 'seeded train/validation(/test) split by ratio into a folder; deterministic and disjoint',
  outputIsFolder: true,
  options(raw) {
    rejectUnknown('split', raw, KNOWN);
    let ratios: number[];
    try {
      ratios = parseRatios(raw.ratios ?? '0.9:0.1');
    } catch (error) {
      throw new OptionError(`ratios: ${(error as Error).message}`);
    }
    if (ratios.length < 2 || ratios.length > 3) throw new OptionError('ratios: two parts (train:validation) or three (train:validation:test)');
    const seed = numberOption(raw, 'seed', 42, { min: 0 });
    return { ratios, seed };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('split takes one input file');
    const [input] = inputs;
    const total = fileSize(input);
    const parts = SPLIT_PARTS.slice(0, options.ratios.length);
    const files = parts.map((part) => path.join(output, `${part}.jsonl`));
    const created = !existsSync(output);
    mkdirSync(output, { recursive: true });
    const problems = new ProblemLines();
    const counts = parts.map(() => 0);
    try {
      await writeAtomically(files, async (outs) => {
        for await (const line of readableRecords(input, context, problems)) {
          // Hashed without a CR, so a CRLF copy of the file splits the same way.
          const bytes = line.raw.at(-1) === 13 ? line.raw.subarray(0, -1) : line.raw;
          const part = splitPartIndex(bytes, options.seed, options.ratios);
          counts[part]++;
          await outs[part].writeLine(line.raw);
        }
      });
    } catch (error) {
      if (created) rmSync(output, { recursive: true, force: true });
      throw error;
    }
    context.progress(total, total);
    return {
      report: {
        records: counts.reduce((a, b) => a + b, 0),
        ...Object.fromEntries(parts.map((part, i) => [part, counts[i]])),
        seed: options.seed,
        broken: problems.count,
        brokenLines: problems.listed,
      },
      outputs: files,
    };
  },
};
