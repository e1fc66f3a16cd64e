/**
 * A benchmark definition (benchmarks/*.yaml, schemas/benchmark.schema.json): its type, and the problems of a
 * parsed one as key paths (the caller places them in the file), from the schema and from the references the
 * schema cannot check (grouping tasks that are not tasks, `tasks_by: file` without `tasks`).
 */
import Ajv, { type ErrorObject } from 'ajv';
import schemaJson from '../../../schemas/benchmark.schema.json';
import type { ExtractionMode } from './answerExtraction';
import type { GroupTree } from './groupScores';

export interface BenchmarkDefinition {
  name: string;
  title: string;
  kind: 'mcq' | 'yesno' | 'open';
  data: {
    format: 'mmlu-csv' | 'jsonl';
    splits: Record<string, string>;
    tasks_by?: 'file' | 'id-prefix' | 'field' | 'none';
    task_field?: string;
    id_field?: string;
  };
  tasks?: string[];
  choices?: { labels: string[]; numbered?: boolean };
  labels?: { yes: string[]; no: string[] };
  extraction?: ExtractionMode;
  metric: 'accuracy' | 'macro-f1' | 'judge-score-ratio';
  grouping?: { score?: 'mean-of-groups' | 'overall'; groups: GroupTree };
  [key: string]: unknown;
}

export type DefinitionPath = Array<string | number>;

export interface DefinitionProblem {
  path: DefinitionPath;
  message: string;
  /** The problem is the key itself (an unknown key). */
  atKey?: boolean;
}

let validate: ReturnType<Ajv['compile']> | undefined;

export function definitionProblems(data: unknown): DefinitionProblem[] {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(schemaJson);
  if (!validate(data)) return schemaMessages(validate.errors ?? []);
  return referenceProblems(data as BenchmarkDefinition);
}

function pathOf(pointer: string): DefinitionPath {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function schemaMessages(errors: ErrorObject[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const path = pathOf(error.instancePath);
    let problem: DefinitionProblem;
    if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      problem = { path: [...path, key], message: `unknown key "${key}"`, atKey: true };
    } else if (error.keyword === 'required') {
      problem = { path, message: `missing required key "${error.params.missingProperty}"` };
    } else if (error.keyword === 'enum') {
      problem = { path, message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    } else {
      problem = { path, message: error.message ?? error.keyword };
    }
    const id = `${problem.path.join('/')}\0${problem.message}`;
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  return problems;
}

function referenceProblems(definition: BenchmarkDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (definition.data.tasks_by === 'file' && !definition.tasks) {
    problems.push({ path: ['data', 'tasks_by'], message: '`tasks_by: file` needs the list of `tasks`' });
  }
  if (definition.data.tasks_by === 'field' && !definition.data.task_field) {
    problems.push({ path: ['data', 'tasks_by'], message: '`tasks_by: field` needs `task_field`' });
  }
  if (definition.kind === 'mcq' && !definition.choices) problems.push({ path: ['kind'], message: 'a `mcq` benchmark needs `choices`' });
  if (definition.kind === 'yesno' && !definition.labels) problems.push({ path: ['kind'], message: 'a `yesno` benchmark needs `labels`' });
  const tasks = definition.tasks && new Set(definition.tasks);
  const walk = (node: readonly string[] | GroupTree, path: DefinitionPath) => {
    if (Array.isArray(node)) {
      node.forEach((task, i) => {
        if (tasks && !tasks.has(task)) problems.push({ path: [...path, i], message: `"${task}" is not one of the benchmark's tasks` });
      });
    } else for (const [name, child] of Object.entries(node as GroupTree)) walk(child, [...path, name]);
  };
  if (definition.grouping) walk(definition.grouping.groups, ['grouping', 'groups']);
  return problems;
}
