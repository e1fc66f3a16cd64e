/** `alw eval`: score benchmark predictions made anywhere (the AceGPT harness, another tool, alw) with standard errors; `compare` and `check` live in evalCompare.ts and evalCheck.ts. */
import { bootstrapErrors, withErrors, type ScoreErrors } from '../../core/evaluation/bootstrap';
import { judgeItems, scoreJudged, scorePredictions, type EvalScore } from '../../core/evaluation/scorePredictions';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { checkHelp, evalCheckCommand } from './evalCheck';
import { compareHelp, evalCompareCommand } from './evalCompare';
import { bootstrapOptions, extractionOption, scoringInputs } from './evalOptions';
import { readPredictions } from '../../engine/evaluation/evalPredictions';
import { evalRunCommand, evalRunHelp } from './evalRun';

export const evalHelp = `alw eval score --benchmark NAME|FILE --predictions PATH [--data DIR [--split NAME]] [--extraction arabic|acegpt] [--json]
  Score a model's benchmark predictions. NAME is a shipped benchmark (mmlu-ar, exams, acva; benchmarks/NAME.yaml)
  or FILE a definition in the schemas/benchmark.schema.json format. PATH is a folder of <task>.jsonl files (the
  AceGPT harness's layout) or one JSONL file; each line has the model's raw "response" and the gold "answer",
  or an "id" / "query_id" (0-based place in its task) looked up in the benchmark data under --data DIR (split
  --split, default test). One file for several tasks needs a "task" field unless the id tells the task.
  --extraction: arabic (default: Arabic and Latin option letters and both yes/no label sets, whole words of the
  normalised first line; unreadable answers are counted as unparsed) or acegpt (the AceGPT harness exactly).
  Prints accuracy per task, group averages and the benchmark's score (MMLU: mean of the 4 categories; ACVA:
  macro-F1), each with its standard error (bootstrap over the items of each task: --resamples N, default 1000,
  --seed N, default 1), and the other extraction's score when it differs. --json prints it all as one JSON object.
  PATH may be the folder of an alw eval run: its predictions.jsonl is scored.
${compareHelp}
${checkHelp}
${evalRunHelp}`;

export async function evalCommand(args: ParsedArgs): Promise<number> {
  const [action] = args.positional;
  if (action === 'compare') return evalCompareCommand(args);
  if (action === 'check') return evalCheckCommand(args);
  if (action === 'run') return evalRunCommand(args);
  if (action !== 'score') throw new UsageError(action ? `unknown eval action "${action}"` : 'eval needs an action: score, compare, check or run');
  const predictions = stringOption(args, 'predictions');
  if (!stringOption(args, 'benchmark')) throw new UsageError('eval score needs --benchmark NAME|FILE');
  if (!predictions) throw new UsageError('eval score needs --predictions PATH');
  const extraction = extractionOption(args);
  const bootstrap = bootstrapOptions(args);
  const { definition, data } = scoringInputs(args);
  const items = await readPredictions(predictions, definition, data);
  const judged = judgeItems(definition, items, extraction);
  const result = scoreJudged(definition, judged, extraction);
  const errors = bootstrapErrors(definition, judged, extraction, bootstrap);
  const other = scorePredictions(definition, items, extraction === 'arabic' ? 'acegpt' : 'arabic');
  const alternative = { extraction: other.extraction, score: other.score, unparsed: other.unparsed };
  if (args.options.has('json')) console.log(JSON.stringify({ ...withErrors(result, errors), bootstrap, alternative }, null, 2));
  else console.log(scoreTable(result, errors, other, bootstrap.resamples));
  return 0;
}


const fixed = (x: number) => x.toFixed(4);

function scoreTable(result: EvalScore, errors: ScoreErrors, other: EvalScore, resamples: number): string {
  const taskNames = Object.keys(result.tasks);
  const width = Math.max(4, ...taskNames.map((t) => t.length), ...Object.keys(result.groups).map((g) => g.length + 2));
  const headline = result.metric === 'macro-f1' ? 'macro-F1' : 'accuracy';
  const out = [
    `${result.benchmark}: ${headline} ${fixed(result.score)} ± ${fixed(errors.score)}  (extraction ${result.extraction}; ${result.items} items, ${result.unparsed} unparsed)`,
    `± is the standard error (bootstrap, ${resamples} resamples of the items of each task)`,
  ];
  if (other.score !== result.score) out.push(`${other.extraction} extraction: ${fixed(other.score)}  (${other.unparsed} unparsed)`);
  if (result.missing.length) {
    const total = result.missing.length + taskNames.length;
    out.push(`partial: ${result.missing.length} of ${total} tasks have no predictions (${result.missing.join(', ')}); the score and the groups cover the rest`);
  }
  out.push('', `${'task'.padEnd(width)}  ${'n'.padStart(6)}  ${'correct'.padStart(7)}  accuracy  ${'stderr'.padStart(6)}  unparsed`);
  for (const [task, t] of Object.entries(result.tasks)) {
    out.push(`${task.padEnd(width)}  ${String(t.n).padStart(6)}  ${String(t.correct).padStart(7)}  ${fixed(t.accuracy).padStart(8)}  ${fixed(errors.tasks[task])}  ${String(t.unparsed).padStart(8)}`);
  }
  const groups = Object.entries(result.groups);
  if (groups.length) {
    out.push('', `${'group'.padEnd(width)}  ${'n'.padStart(6)}  ${'average'.padStart(8)}  ${'stderr'.padStart(6)}  ${'overall'.padStart(8)}`);
    for (const [name, g] of groups) {
      const label = `${g.parent ? '  ' : ''}${name}${g.missing ? ' *' : ''}`;
      out.push(`${label.padEnd(width)}  ${String(g.n).padStart(6)}  ${fixed(g.average).padStart(8)}  ${fixed(errors.groups[name])}  ${fixed(g.overall).padStart(8)}`);
    }
    if (groups.some(([, g]) => g.missing)) out.push('* some of its tasks have no predictions');
  }
  return out.join('\n');
}
