/**
 * The Results panel's tables: eval runs' metrics.json (as `alw eval run` and `alw eval score --json` write them)
 * side by side, one table per benchmark — the headline score, then the groups depth first (MMLU: categories, then
 * their subcategories), then the tasks — each cell a score with its standard error; and the definition's
 * published reference numbers, kept apart and labelled with their split (they are not comparable with a dev split).
 */

/** What the panel reads of a metrics.json. */
export interface MetricsFile {
  benchmark: string;
  metric: string;
  score: number;
  stderr?: number;
  items?: number;
  unparsed?: number;
  extraction?: string;
  method?: string;
  model?: string;
  split?: string;
  tasks?: Record<string, { n: number; correct?: number; accuracy: number; unparsed?: number; stderr?: number }>;
  groups?: Record<string, { average: number; overall?: number; n: number; stderr?: number; parent?: string }>;
  missing?: string[];
}

export interface ResultsRun {
  /** The run id (the run folder's name). */
  id: string;
  /** Shown as the column heading: the model folder's name, else the run id. */
  label: string;
  metrics: MetricsFile;
}

export interface Cell {
  value: number;
  stderr?: number;
  n?: number;
  unparsed?: number;
}

export interface TableRow {
  /** `score`, `group:KEY` or `task:NAME`: unique within a table. */
  key: string;
  kind: 'score' | 'group' | 'task';
  name: string;
  /** 0 for the score and top-level groups; a sub-group is one deeper than its parent; tasks are 0. */
  depth: number;
  /** One per column, null where that run has no such row. */
  cells: (Cell | null)[];
}

/** A published number (the definition's `published.results`, in percent there), as a fraction. */
export interface ReferenceRow {
  model: string;
  value: number;
  split: string;
  note?: string;
}

export interface ResultsTable {
  benchmark: string;
  metric: string;
  columns: { id: string; label: string; split?: string; method?: string; extraction?: string }[];
  rows: TableRow[];
  reference: ReferenceRow[];
}

/** A definition's `published` block, as the shipped YAML has it. */
export interface PublishedResults {
  split?: string;
  note?: string;
  results?: Record<string, number>;
}

export function referenceRows(published: PublishedResults | undefined): ReferenceRow[] {
  if (!published?.results) return [];
  return Object.entries(published.results)
    .filter(([, value]) => typeof value === 'number' && Number.isFinite(value))
    .map(([model, value]) => ({ model, value: value / 100, split: published.split ?? 'test', ...(published.note ? { note: published.note } : {}) }));
}

/** One table per benchmark, in the order the runs first name them; columns in the runs' order. */
export function resultsTables(runs: readonly ResultsRun[], published: (benchmark: string) => PublishedResults | undefined = () => undefined): ResultsTable[] {
  const byBenchmark = new Map<string, ResultsRun[]>();
  for (const run of runs) {
    const list = byBenchmark.get(run.metrics.benchmark) ?? [];
    list.push(run);
    byBenchmark.set(run.metrics.benchmark, list);
  }
  return [...byBenchmark].map(([benchmark, members]) => tableOf(benchmark, members, referenceRows(published(benchmark))));
}

function tableOf(benchmark: string, runs: readonly ResultsRun[], reference: ReferenceRow[]): ResultsTable {
  const rows = new Map<string, TableRow>();
  const row = (key: string, kind: TableRow['kind'], name: string, depth: number) => {
    if (!rows.has(key)) rows.set(key, { key, kind, name, depth, cells: runs.map(() => null) });
    return rows.get(key)!;
  };
  row('score', 'score', benchmark, 0);
  runs.forEach((run, column) => {
    const m = run.metrics;
    rows.get('score')!.cells[column] = { value: m.score, stderr: m.stderr, n: m.items, unparsed: m.unparsed };
    const groups = m.groups ?? {};
    for (const [key, group] of Object.entries(groups)) {
      const name = group.parent && key.startsWith(`${group.parent}/`) ? key.slice(group.parent.length + 1) : key;
      row(`group:${key}`, 'group', name, depthOf(groups, key)).cells[column] = { value: group.average, stderr: group.stderr, n: group.n };
    }
  });
  // Tasks after every group, in the first run's order, then any the others add.
  runs.forEach((run, column) => {
    for (const [task, score] of Object.entries(run.metrics.tasks ?? {})) {
      row(`task:${task}`, 'task', task, 0).cells[column] = { value: score.accuracy, stderr: score.stderr, n: score.n, unparsed: score.unparsed };
    }
  });
  const ordered = [...rows.values()];
  const kindOrder = { score: 0, group: 1, task: 2 };
  ordered.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind]); // stable: keeps first-seen order within a kind
  return {
    benchmark,
    metric: runs[0].metrics.metric,
    columns: runs.map((r) => ({ id: r.id, label: r.label, split: r.metrics.split, method: r.metrics.method, extraction: r.metrics.extraction })),
    rows: ordered,
    reference,
  };
}

function depthOf(groups: NonNullable<MetricsFile['groups']>, key: string): number {
  let depth = 0;
  const seen = new Set<string>();
  for (let parent = groups[key]?.parent; parent !== undefined && !seen.has(parent); parent = groups[parent]?.parent) {
    seen.add(parent);
    depth++;
  }
  return depth;
}

/** `0.3007 ± 0.0062`, as the CLI prints it; the error is left out when there is none. */
export function formatCell(cell: Cell | null, digits = 4): string {
  if (!cell) return '';
  const value = cell.value.toFixed(digits);
  return cell.stderr === undefined ? value : `${value} ± ${cell.stderr.toFixed(digits)}`;
}

/** The metrics.json text of one run, checked for what the tables need; a bad file is named with what is wrong. */
export function parseMetrics(text: string, file: string): MetricsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: invalid JSON: ${(error as Error).message}`);
  }
  const m = value as Partial<MetricsFile> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new Error(`${file}: not a metrics object`);
  if (typeof m.benchmark !== 'string') throw new Error(`${file}: no "benchmark" name (not written by alw eval run or alw eval score --json)`);
  if (typeof m.score !== 'number') throw new Error(`${file}: no numeric "score"`);
  return { ...m, metric: typeof m.metric === 'string' ? m.metric : 'accuracy' } as MetricsFile;
}
