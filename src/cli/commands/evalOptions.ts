/** Options shared by `alw eval score` and `alw eval compare`: the benchmark and its data, the extraction, the bootstrap. */
import { EXTRACTION_MODES, type ExtractionMode } from '../../core/evaluation/answerExtraction';
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from '../../core/evaluation/bootstrap';
import { unscorable } from '../../core/evaluation/scorePredictions';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { loadBenchmark } from '../../engine/evaluation/benchmarkFiles';
import { BenchmarkData } from '../../engine/evaluation/evalPredictions';

export function extractionOption(args: ParsedArgs): ExtractionMode {
  const extraction = (stringOption(args, 'extraction') ?? 'arabic') as ExtractionMode;
  if (!EXTRACTION_MODES.includes(extraction)) throw new UsageError(`--extraction must be ${EXTRACTION_MODES.join(' or ')}`);
  return extraction;
}

function wholeNumber(args: ParsedArgs, name: string, fallback: number, min: number): number {
  const raw = args.options.get(name);
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}`);
  return value;
}

export function bootstrapOptions(args: ParsedArgs): BootstrapOptions {
  return {
    resamples: wholeNumber(args, 'resamples', DEFAULT_BOOTSTRAP.resamples, 2),
    seed: wholeNumber(args, 'seed', DEFAULT_BOOTSTRAP.seed, 0),
  };
}

/** The --benchmark definition (refused when it is judged) and, with --data, its items of --split. */
export function scoringInputs(args: ParsedArgs): { definition: BenchmarkDefinition; data?: BenchmarkData } {
  const { definition } = loadBenchmark(stringOption(args, 'benchmark')!);
  const reason = unscorable(definition);
  if (reason) throw new Error(reason);
  const dataDir = stringOption(args, 'data');
  return { definition, data: dataDir ? BenchmarkData.open(definition, dataDir, stringOption(args, 'split')) : undefined };
}
