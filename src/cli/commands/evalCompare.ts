/** `alw eval compare`: two runs' predictions on the items they share, with a paired test of the difference. */
import { comparePredictions, SIGNIFICANCE_LEVEL, type Comparison } from '../../core/evaluation/comparePredictions';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { bootstrapOptions, extractionOption, scoringInputs } from './evalOptions';
import { readPredictions } from '../../engine/evaluation/evalPredictions';

export const compareHelp = `alw eval compare --benchmark NAME|FILE --predictions A --against B [--data DIR [--split NAME]] [--extraction arabic|acegpt] [--json]
  Compare two runs (A, B: predictions as for eval score) on the items both have, matched by task and id,
  query_id or place in the task: both scores, A − B, its paired bootstrap 95% interval (--resamples, --seed)
  and, for accuracy, McNemar's exact test on the items one run gets right and the other wrong. Says whether
  the difference is significant at 0.05 (accuracy: McNemar p < 0.05; macro-F1: the interval leaves out 0).`;

export async function evalCompareCommand(args: ParsedArgs): Promise<number> {
  const a = stringOption(args, 'predictions');
  const b = stringOption(args, 'against');
  if (!stringOption(args, 'benchmark')) throw new UsageError('eval compare needs --benchmark NAME|FILE');
  if (!a || !b) throw new UsageError('eval compare needs --predictions A and --against B');
  const extraction = extractionOption(args);
  const bootstrap = bootstrapOptions(args);
  const { definition, data } = scoringInputs(args);
  const comparison = comparePredictions(definition, await readPredictions(a, definition, data), await readPredictions(b, definition, data), extraction, bootstrap);
  if (args.options.has('json')) console.log(JSON.stringify({ a, b, ...comparison }, null, 2));
  else console.log(compareText(comparison, a, b));
  return 0;
}

const fixed = (x: number) => x.toFixed(4);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${fixed(Math.abs(x))}`;

function compareText(c: Comparison, a: string, b: string): string {
  const metric = c.metric === 'macro-f1' ? 'macro-F1' : 'accuracy';
  const out = [
    `${c.benchmark}: ${metric} on ${c.shared} shared items (extraction ${c.extraction})`,
    `  A ${fixed(c.scoreA)}  ${a}`,
    `  B ${fixed(c.scoreB)}  ${b}`,
    `A − B: ${signed(c.difference)}  95% interval ${signed(c.interval.low)} to ${signed(c.interval.high)} (paired bootstrap, ${c.interval.resamples} resamples, seed ${c.interval.seed})`,
  ];
  if (c.onlyA || c.onlyB) out.push(`not compared: ${c.onlyA} items only in A, ${c.onlyB} only in B`);
  if (c.mcnemar) {
    out.push(`McNemar exact test: ${c.mcnemar.aOnlyCorrect} items right only in A, ${c.mcnemar.bOnlyCorrect} only in B, p = ${c.mcnemar.p.toPrecision(4)}`);
  }
  const by = c.test === 'mcnemar' ? `McNemar p ${c.significant ? '<' : '≥'} ${SIGNIFICANCE_LEVEL}` : `the 95% interval ${c.significant ? 'leaves out' : 'contains'} 0`;
  out.push(c.significant
    ? `significant at ${SIGNIFICANCE_LEVEL} (${by})`
    : `not significant at ${SIGNIFICANCE_LEVEL} (${by}): do not read this difference as progress`);
  return out.join('\n');
}
