/**
 * `mix`: several datasets into one at given ratios (e.g. Arabic:English 3:1), by record count or by
 * characters of text, seeded. Streams every input (never loads a file): pass 1 counts what each input
 * has, then src/core/curation/mixPlan sets each input's target and samples records in file order, and the
 * output interleaves the sampled streams by a seeded draw weighted by what each has left. By characters,
 * records are sampled one by one with probability target/available, so one more pass counts the sample
 * before writing. Each input's records keep their relative order. Unreadable lines are skipped and listed.
 */
import { bernoulliSampler, exactSampler, mixTargets, pickSource } from '../../core/curation/mixPlan';
import { parseRatios, RatioError, shares } from '../../core/curation/ratios';
import { recordText } from '../../core/curation/recordText';
import { seededRandom } from '../../core/curation/seededRandom';
import { writeAtomically } from './atomicOutput';
import { numberOption, rejectUnknown } from './optionChecks';
import { fileSize, ProblemLines, readCurationRecords, type CurationLine } from './curationRecords';
import { OptionError, throwIfCancelled, type CurationOperation, type OperationContext } from './operation';

interface MixOptions {
  ratios: number[];
  by: 'records' | 'characters';
  seed: number;
  /** Cap on the output size, in the `by` unit. */
  total?: number;
}

interface InputCounts {
  records: number;
  characters: number;
}

const KNOWN = ['ratios', 'by', 'seed', 'total'];
const textLength = (line: CurationLine) => recordText(line.record!).length;

export const mixOperation: CurationOperation<MixOptions> = {
  name: 'mix',
  summary: 'mix datasets at ratios (e.g. 3:1) by records or characters, seeded and streamed',
  options(raw) {
    rejectUnknown('mix', raw, KNOWN);
    if (raw.ratios === undefined) throw new OptionError('ratios: needed, one per input (e.g. 3:1)');
    let ratios: number[];
    try {
      ratios = parseRatios(raw.ratios);
    } catch (error) {
      throw new OptionError(`ratios: ${(error as RatioError).message}`);
    }
    const by = String(raw.by ?? 'records');
    if (by !== 'records' && by !== 'characters') throw new OptionError(`by: "${by}" is not records or characters`);
    const seed = numberOption(raw, 'seed', 42, { min: 0 });
    const total = raw.total === undefined ? undefined : numberOption(raw, 'total', 0, { min: 1 });
    return { ratios, by, seed, total };
  },
  async run(inputs, output, options, context) {
    if (inputs.length < 2) throw new OptionError('mix takes two or more input files');
    if (options.ratios.length !== inputs.length) {
      throw new OptionError(`ratios: ${options.ratios.length} ratios for ${inputs.length} inputs`);
    }
    const passes = options.by === 'characters' ? 3 : 2;
    const progress = passProgress(inputs, passes, context);
    const problems = new ProblemLines();
    const counts = await countInputs(inputs, progress, problems);
    const available = counts.map((c) => (options.by === 'records' ? c.records : c.characters));
    const targets = mixTargets(available, options.ratios, options.total);
    const samplers = () => inputs.map((_, i) => {
      const random = seededRandom((options.seed ^ Math.imul(0x9e3779b9, i + 1)) >>> 0);
      return options.by === 'records'
        ? exactSampler(Math.floor(targets[i]), counts[i].records, random)
        : bernoulliSampler(available[i] === 0 ? 0 : Math.min(1, targets[i] / available[i]), random);
    });
    const selected = options.by === 'records'
      ? targets.map((t, i) => Math.min(Math.floor(t), counts[i].records))
      : await countSelected(inputs, samplers(), progress);
    const taken = inputs.map(() => ({ records: 0, characters: 0 }));
    const writeSamplers = samplers();
    const streams = inputs.map((file, i) => sampledRecords(file, writeSamplers[i], progress.pass(passes - 1, i)));
    try {
      await writeAtomically([output], async ([out]) => {
        const remaining = [...selected];
        const random = seededRandom(options.seed >>> 0);
        for (let left = remaining.reduce((a, b) => a + b, 0); left > 0; left--) {
          throwIfCancelled(context.signal);
          const i = pickSource(remaining, random);
          const next = await streams[i].next();
          if (next.done) throw new Error(`${inputs[i]} changed while mixing`);
          remaining[i]--;
          taken[i].records++;
          taken[i].characters += textLength(next.value);
          await out.writeLine(next.value.raw);
        }
      });
    } finally {
      await Promise.all(streams.map((s) => s.return(undefined)));
    }
    context.progress(1, 1);
    const units = taken.map((c) => (options.by === 'records' ? c.records : c.characters));
    const sum = units.reduce((a, b) => a + b, 0);
    return {
      report: {
        by: options.by,
        seed: options.seed,
        records: taken.reduce((a, t) => a + t.records, 0),
        requestedRatios: shares(options.ratios),
        actualRatios: units.map((u) => (sum ? u / sum : 0)),
        inputs: inputs.map((file, i) => ({ file, available: counts[i], taken: taken[i] })),
        broken: problems.count,
        brokenLines: problems.listed,
      },
      outputs: [output],
    };
  },
};

/** Progress over several passes through all inputs, as one fraction of the whole job. */
function passProgress(inputs: string[], passes: number, context: OperationContext) {
  const sizes = inputs.map(fileSize);
  const total = sizes.reduce((a, b) => a + b, 0) * passes || 1;
  const before = (pass: number, input: number) => pass * (total / passes) + sizes.slice(0, input).reduce((a, b) => a + b, 0);
  return {
    pass: (pass: number, input: number) => (line: CurationLine) => {
      throwIfCancelled(context.signal);
      context.progress(before(pass, input) + line.bytesRead, total, `pass ${pass + 1} of ${passes}`);
    },
  };
}

async function countInputs(inputs: string[], progress: ReturnType<typeof passProgress>, problems: ProblemLines): Promise<InputCounts[]> {
  const counts: InputCounts[] = [];
  for (const [i, file] of inputs.entries()) {
    const count = { records: 0, characters: 0 };
    for await (const line of readCurationRecords(file)) {
      progress.pass(0, i)(line);
      if (!line.record) problems.add(line.problem!);
      else {
        count.records++;
        count.characters += textLength(line);
      }
    }
    counts.push(count);
  }
  return counts;
}

async function countSelected(inputs: string[], samplers: Array<() => boolean>, progress: ReturnType<typeof passProgress>): Promise<number[]> {
  const selected: number[] = [];
  for (const [i, file] of inputs.entries()) {
    let count = 0;
    for await (const _ of sampledRecords(file, samplers[i], progress.pass(1, i))) count++;
    selected.push(count);
  }
  return selected;
}

async function* sampledRecords(file: string, take: () => boolean, onLine: (line: CurationLine) => void): AsyncGenerator<CurationLine> {
  for await (const line of readCurationRecords(file)) {
    onLine(line);
    if (line.record && take()) yield line;
  }
}
