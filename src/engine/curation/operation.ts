/**
 * The shape every curation operation has (normalize, filter, dedup, neardedup, decontaminate, mix, split,
 * convert): the engine's `workbench/curate/run`, the `alw` commands and `alw recipe run` all call `run`.
 */
import type { CurationOperationName } from '../../protocol';

export interface OperationContext {
  /** Reports progress (same unit for done and total, usually bytes read). */
  progress(done: number, total: number, message?: string): void;
  /** Aborted when the user cancels; operations check it between records and leave the output untouched. */
  signal: AbortSignal;
}

export interface OperationResult {
  /** Counts to show and to record (records in/out, removed, clusters, contaminated, …). */
  report: Record<string, unknown>;
  /** Every file written (output, plus reports such as a cluster report). */
  outputs: string[];
}

export interface CurationOperation<Options = Record<string, unknown>> {
  name: CurationOperationName;
  /** One line, for `alw --help` and the recipe docs. */
  summary: string;
  /** Defaults filled in and every value checked; throws OptionError naming the option. */
  options(raw: Record<string, unknown>): Options;
  /** Option keys holding files the operation reads: recorded relative to a recipe, resolved against it on replay. */
  pathOptions?: readonly string[];
  /** Option keys naming extra files the operation writes (reports): not recorded in recipes, not written on replay. */
  sideOutputOptions?: readonly string[];
  /** The output is a folder the operation writes several files into (split), not one file. */
  outputIsFolder?: boolean;
  run(inputs: string[], output: string, options: Options, context: OperationContext): Promise<OperationResult>;
}

export class OptionError extends Error {}
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}
