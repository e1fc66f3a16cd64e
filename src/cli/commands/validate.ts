/** `alw validate FILE...`: editor-style located problems, exit 1 when any file has an error. */
import { isDatasetKind, type DatasetKind } from '../../core/datasets/datasetKinds';
import type { DatasetProblem } from '../../core/diagnostics/diagnoseDataset';
import { validateFile, type FileValidation } from '../../engine/datasets/validateFile';
import { notReadableFile } from '../../engine/shared/fileChecks';
import { checkRunConfig, isRunConfigFile } from './runConfigCheck';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const validateHelp = `alw validate FILE... [--kind KIND] [--json]
  Check dataset files: JSONL, CSV, Parquet or JSON (any size: they are streamed, except JSON, which is loaded
  whole). Prints FILE:LINE:COLUMN: severity CODE message (1-based), one per problem, the same problems the
  editor shows for JSONL, and exits 1 if any error was found. A CSV, Parquet or JSON record is checked as its
  JSON rendering: LINE is the CSV or JSON line where it starts or the Parquet row, COLUMN is 1, the message
  names the field; a record that cannot be read (a CSV row with the wrong number of fields, a JSON array item
  that is not an object) is an ALW001 error, and a JSON file that does not parse is named at its LINE:COLUMN.
  A YAML run config (a top-level stage: key) is checked as alw run --check does: FILE:LINE:COLUMN: severity
  message. --kind forces the dataset kind; --json prints the problems as JSON.`;

export async function validateCommand(args: ParsedArgs): Promise<number> {
  if (args.positional.length === 0) throw new UsageError('validate needs at least one FILE');
  const kind = stringOption(args, 'kind');
  if (kind && !isDatasetKind(kind)) throw new UsageError(`unknown --kind ${kind}`);
  const json = args.options.has('json');
  const report: Record<string, unknown> = {};
  let errors = 0;
  for (const file of args.positional) {
    const unreadable = notReadableFile(file);
    if (unreadable) {
      console.error(`${file}: cannot read: ${unreadable.startsWith('no such file') ? 'no such file' : 'it is a directory, not a file'}`);
      errors++;
      continue;
    }
    if (isRunConfigFile(file)) {
      const check = checkRunConfig(file);
      errors += check.errors;
      if (json) report[file] = { runConfig: true, problems: check.lines };
      else {
        check.lines.forEach((line) => console.log(line));
        console.error(`${file}: run config, ${check.lines.length} problems`);
      }
      continue;
    }
    const problems: DatasetProblem[] = [];
    let result: FileValidation;
    try {
      result = await validateFile(file, (p) => {
        if (json) problems.push(p);
        else console.log(`${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${p.message}`);
      }, kind as DatasetKind | undefined);
    } catch (error) {
      // A file that cannot be read at all (not JSON, not Parquet); the other files are still checked.
      const reason = error instanceof Error ? error.message : String(error);
      console.error(reason.startsWith(`${file}:`) ? reason : `${file}: cannot read: ${reason}`);
      errors++;
      continue;
    }
    errors += result.errors;
    if (json) report[file] = { kind: result.kind, records: result.records, problems };
    else console.error(`${file}: ${result.kind ?? 'unknown kind'}, ${result.records} records, ${result.problems} problems`);
  }
  if (json) console.log(JSON.stringify(report, null, 2));
  return errors > 0 ? 1 : 0;
}
