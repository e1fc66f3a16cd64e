/**
 * Checks a parsed run config against schemas/run-config.schema.json (the one description of the run YAML,
 * also contributed to the Red Hat YAML extension) and puts each failure into words with the key it concerns.
 */
import Ajv, { type ErrorObject } from 'ajv';
import schemaJson from '../../../schemas/run-config.schema.json';

export type KeyPath = Array<string | number>;

export interface ConfigProblem {
  /** The key the problem concerns: ['training', 'learning_rate'], ['stages', 0, 'config']; [] for the whole file. */
  path: KeyPath;
  message: string;
  severity: 'error' | 'warning';
  /** The problem is the key itself (an unknown key), not its value. */
  atKey?: boolean;
}

/** The subset of JSON Schema the run-config schema uses. */
export interface SchemaNode {
  $ref?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  examples?: unknown[];
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  definitions?: Record<string, SchemaNode>;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  /** Our own keyword: the one stage that reads this key. */
  'x-stage'?: string;
}

export const runConfigSchema = schemaJson as unknown as SchemaNode;

let compiled: ReturnType<Ajv['compile']> | undefined;

export function keyPathText(path: KeyPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(file)';
}

export function schemaProblems(data: unknown): ConfigProblem[] {
  compiled ??= new Ajv({ allErrors: true, discriminator: true, strict: false }).compile(runConfigSchema);
  if (compiled(data)) return [];
  return explain(compiled.errors ?? []);
}

function pathOf(instancePath: string): KeyPath {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * One problem per failure a person can act on. An `anyOf` (a path or a list; a path or a mapping) that fails
 * reports what is wrong inside the value when the value has the right shape, else one "must be A or B".
 */
function explain(errors: ErrorObject[]): ConfigProblem[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: ConfigProblem[] = [];
  for (const at of anyOfPaths) {
    const deeper = errors.some((e) => e.instancePath.startsWith(`${at}/`));
    if (deeper) continue;
    const here = errors.filter((e) => e.instancePath === at);
    const types = here.filter((e) => e.keyword === 'type').map((e) => typeWords(e.params.type));
    const values = here.map(allowedValueWords).filter((w): w is string => w !== undefined);
    const allowed = types.length ? types : values;
    problems.push({ path: pathOf(at), severity: 'error', message: `must be ${[...new Set(allowed)].join(' or ') || 'another kind of value'}` });
  }
  for (const error of errors) {
    const path = pathOf(error.instancePath);
    const inAnyOf = [...anyOfPaths].some((at) => error.instancePath === at);
    switch (error.keyword) {
      case 'anyOf':
        break;
      case 'type':
        if (!inAnyOf) problems.push({ path, severity: 'error', message: `must be ${typeWords(error.params.type)}` });
        break;
      case 'additionalProperties':
        problems.push({
          path: [...path, error.params.additionalProperty], severity: 'warning', atKey: true,
          message: `unknown key "${error.params.additionalProperty}"${path.length ? ` in ${keyPathText(path)}` : ''} (the trainer ignores it)`,
        });
        break;
      case 'required':
        problems.push({ path, severity: 'error', message: `"${error.params.missingProperty}" is required${path.length ? ` in ${keyPathText(path)}` : ''}` });
        break;
      case 'enum':
        problems.push({ path, severity: 'error', message: `must be one of: ${error.params.allowedValues.join(', ')}` });
        break;
      case 'discriminator':
        problems.push({ path: ['stage'], severity: 'error', message: `must be one of: ${stageNames().join(', ')}` });
        break;
      default:
        if (!inAnyOf) problems.push({ path, severity: 'error', message: error.message ?? error.keyword });
    }
  }
  return problems;
}

/** What one failed alternative of an anyOf of values (`-1`, or `>= 1`) allows. */
function allowedValueWords(error: ErrorObject): string | undefined {
  if (error.keyword === 'const') return JSON.stringify(error.params.allowedValue);
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(error.keyword)) return `${error.params.comparison} ${error.params.limit}`;
  return undefined;
}

function typeWords(type: string | string[]): string {
  const words: Record<string, string> = {
    string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false',
    object: 'a mapping', array: 'a list', null: 'empty (null)',
  };
  return (Array.isArray(type) ? type : [type]).map((t) => words[t] ?? t).join(' or ');
}

/** Every value `stage:` may take, from the schema. */
export function stageNames(): string[] {
  return (runConfigSchema.oneOf ?? []).flatMap((branch) => (resolveRef(branch).properties?.stage?.enum ?? []) as string[]);
}

export function resolveRef(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  return resolveRef(runConfigSchema.definitions?.[name] ?? {});
}
