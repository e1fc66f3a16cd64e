/** `alw validate FILE...`: editor-style located problems, exit 1 when any file has an error. */
import { readFileSync } from 'node:fs';
import { diagnoseDataset } from '../../core/diagnoseDataset';
import { isDatasetKind } from '../../core/datasetKinds';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const validateHelp = `alw validate FILE... [--kind KIND] [--json]
  Check JSONL dataset files. Prints FILE:LINE:COLUMN: severity CODE message (1-based), one per problem,
  and exits 1 if any error was found. --kind forces the dataset kind; --json prints the problems as JSON.`;

export function validateCommand(args: ParsedArgs): number {
  if (args.positional.length === 0) throw new UsageError('validate needs at least one FILE');
  const kind = stringOption(args, 'kind');
  if (kind && !isDatasetKind(kind)) throw new UsageError(`unknown --kind ${kind}`);
  const report: Record<string, unknown> = {};
  let errors = 0;
  for (const file of args.positional) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      console.error(`${file}: cannot read: ${(error as Error).message}`);
      errors++;
      continue;
    }
    const diagnosis = diagnoseDataset(text, kind as never);
    errors += diagnosis.problems.filter((p) => p.severity === 'error').length;
    if (args.options.has('json')) report[file] = diagnosis;
    else {
      for (const p of diagnosis.problems) {
        console.log(`${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${p.message}`);
      }
      console.error(`${file}: ${diagnosis.kind ?? 'unknown kind'}, ${diagnosis.records} records, ${diagnosis.problems.length} problems`);
    }
  }
  if (args.options.has('json')) console.log(JSON.stringify(report, null, 2));
  return errors > 0 ? 1 : 0;
}
