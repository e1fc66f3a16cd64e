/** The results table `alw eval run` prints: every method side by side, per task and per group. */
import type { BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import type { RunScores } from '../../core/evaluation/evalResults';

const fixed = (x: number | undefined) => (x === undefined ? '' : x.toFixed(4));

export function evalRunTable(definition: BenchmarkDefinition, scores: RunScores, dir: string): string {
  const { generative, loglikelihood, shots } = scores;
  const headline = definition.metric === 'macro-f1' ? 'macro-F1' : 'accuracy';
  const out: string[] = [];
  if (generative) {
    const g = generative.score;
    out.push(`${definition.name} generative: ${headline} ${fixed(g.score)}  (extraction ${g.extraction}; ${g.items} items, ${g.unparsed} unparsed)`);
    if (generative.other.score !== g.score) out.push(`  ${generative.other.extraction} extraction: ${fixed(generative.other.score)}  (${generative.other.unparsed} unparsed)`);
  }
  if (loglikelihood) {
    const { acc, acc_norm: norm } = loglikelihood;
    out.push(`${definition.name} loglikelihood: ${headline} ${fixed(acc.score)} (acc), ${fixed(norm.score)} (acc_norm)  (${acc.items} items, ${acc.unparsed} without an answer)`);
  }
  if (shots.requests) {
    const fewer = Object.entries(shots.fewer_by_task);
    const where = fewer.length > 6 ? `in ${fewer.length} tasks` : fewer.map(([t, n]) => `${t} ${n}`).join(', ');
    out.push(`shots: ${shots.requested} asked; ${shots.fewer} of ${shots.requests} requests ran with fewer${where ? ` (${where})` : ''}`);
  }
  if (scores.errors) out.push(`errors: ${scores.errors} request${scores.errors === 1 ? '' : 's'} without an answer (their "error" is in predictions.jsonl), counted as unparsed`);
  out.push(`run folder: ${dir}`);

  const columns: Array<[string, (task: string) => string]> = [];
  if (generative) {
    columns.push(['generative', (t) => fixed(generative.score.tasks[t]?.accuracy)], ['unparsed', (t) => String(generative.score.tasks[t]?.unparsed ?? '')]);
  }
  if (loglikelihood) {
    columns.push(['acc', (t) => fixed(loglikelihood.acc.tasks[t]?.accuracy)], ['acc_norm', (t) => fixed(loglikelihood.acc_norm.tasks[t]?.accuracy)]);
  }
  const tasks = Object.keys(generative?.score.tasks ?? loglikelihood!.acc.tasks);
  const first = generative?.score ?? loglikelihood!.acc;
  const groups = Object.entries(first.groups);
  const width = Math.max(4, ...tasks.map((t) => t.length), ...groups.map(([g]) => g.length + 2), groups.length ? 'group (average)'.length : 0);
  const row = (label: string, n: string, cells: string[]) => [label.padEnd(width), n.padStart(6), ...cells.map((c, i) => c.padStart(Math.max(8, columns[i][0].length)))].join('  ');
  out.push('', row('task', 'n', columns.map(([name]) => name)));
  for (const task of tasks) out.push(row(task, String(first.tasks[task].n), columns.map(([, cell]) => cell(task))));
  if (groups.length) {
    const groupCell = (name: string, column: string) => {
      const source = column === 'generative' ? generative?.score : column === 'acc' ? loglikelihood?.acc : column === 'acc_norm' ? loglikelihood?.acc_norm : undefined;
      return fixed(source?.groups[name]?.average);
    };
    out.push('', row('group (average)', 'n', columns.map(([name]) => (name === 'unparsed' ? '' : name))));
    for (const [name, g] of groups) out.push(row(`${g.parent ? '  ' : ''}${name}`, String(g.n), columns.map(([column]) => groupCell(name, column))));
  }
  return out.join('\n');
}
