/**
 * `--benchmark NAME|FILE`: a shipped name is benchmarks/NAME.yaml next to the package; anything else is a
 * definition file, parsed and checked against schemas/benchmark.schema.json with every problem at FILE:LINE:COLUMN.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { definitionProblems, type BenchmarkDefinition } from '../../core/evaluation/benchmarkDefinition';
import { rangeOfPath } from '../runConfigEditor/yamlLocate';
import { UsageError } from '../shared/usageError';
import { packageRoot } from '../shared/packageRoot';

const SHIPPED_NAME = /^[a-z0-9][a-z0-9-]*$/;

export function shippedBenchmarks(): string[] {
  const dir = path.join(packageRoot(), 'benchmarks');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

export function benchmarkFile(nameOrFile: string): string {
  if (SHIPPED_NAME.test(nameOrFile) && !existsSync(nameOrFile)) {
    const file = path.join(packageRoot(), 'benchmarks', `${nameOrFile}.yaml`);
    if (!existsSync(file)) throw new UsageError(`unknown benchmark "${nameOrFile}" (shipped: ${shippedBenchmarks().join(', ')}; or give a definition file)`);
    return file;
  }
  if (!existsSync(nameOrFile)) throw new UsageError(`${nameOrFile}: no such benchmark definition file`);
  return nameOrFile;
}

export function loadBenchmark(nameOrFile: string): { file: string; definition: BenchmarkDefinition } {
  const file = benchmarkFile(nameOrFile);
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length) {
    throw new Error(doc.errors.map((e) => `${at(e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`).join('\n'));
  }
  const problems = definitionProblems(doc.toJS());
  if (problems.length) {
    throw new Error(problems.map((p) => `${at(rangeOfPath(doc, p.path, p.atKey)[0])}: ${p.message}`).join('\n'));
  }
  return { file, definition: doc.toJS() as BenchmarkDefinition };
}
