/**
 * The run-config schema (schemas/run-config.schema.json) against the trainer's own definitions: the Python
 * dataclasses and constants are the source of truth, read by running the installed trainer.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { runConfigSchema, type SchemaNode } from '../../src/engine/runs/runConfigSchema';

const repoRoot = path.resolve(__dirname, '../../..');
const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');

const DUMP = `
import dataclasses, json
from alw_trainer import run_config as rc, launch
def defaults(obj, keys=None):
    fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return {k: fields[k] for k in (keys or fields)}
print(json.dumps({
    "training": defaults(rc.TrainingSettings()),
    "lora": defaults(rc.LoraSettings()),
    "rlaif": defaults(rc.RlaifSettings()),
    "evaluation": defaults(rc.EvaluationSettings()),
    "launcher": defaults(launch.Launcher(), launch.LAUNCHER_KEYS),
    "enums": {
        "stage": list(rc.STAGES), "method": list(rc.METHODS), "rlaif.algorithm": list(rc.RLAIF_ALGORITHMS),
        "launcher.type": list(launch.LAUNCHER_TYPES), "launcher.mixed_precision": list(launch.MIXED_PRECISION),
        "launcher.preset": list(launch.PRESETS),
    },
    "stage_only": rc.STAGE_ONLY_KEYS,
}))
`;

const trainer = JSON.parse(execFileSync(python, ['-c', DUMP], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } }));
const definitions = runConfigSchema.definitions!;
const property = (dotted: string): SchemaNode => {
  const [section, key] = dotted.split('.');
  return section === 'stage' || section === 'method' ? definitions.singleStage.properties![section] : definitions[section].properties![key];
};

for (const section of ['training', 'lora', 'rlaif', 'evaluation', 'launcher']) {
  test(`schema ${section}: the same keys and defaults as the trainer`, () => {
    const properties = definitions[section].properties!;
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(trainer[section]).sort());
    for (const [key, value] of Object.entries(trainer[section])) {
      // A Python default of None means "not set": the schema then has no default.
      assert.deepEqual(properties[key].default, value === null ? undefined : value, `${section}.${key}`);
    }
  });
}

test('schema enums match the trainer\'s accepted values', () => {
  for (const [key, values] of Object.entries(trainer.enums as Record<string, string[]>)) {
    const node = property(key);
    assert.deepEqual([...(node.enum ?? node.examples ?? [])].sort(), [...values].sort(), key);
  }
});

test('keys that one stage reads are marked x-stage with that stage', () => {
  const marked = Object.fromEntries(Object.entries(definitions.training.properties!)
    .filter(([, node]) => node['x-stage']).map(([key, node]) => [key, node['x-stage']]));
  assert.deepEqual(marked, trainer.stage_only);
  assert.equal(definitions.rlaif['x-stage'], 'rlaif');
  assert.equal(definitions.evaluation['x-stage'], 'eval');
});

test('every key has a description (hover shows it)', () => {
  const missing: string[] = [];
  const walk = (node: SchemaNode, at: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (!child.description && !child.$ref) missing.push(`${at}${key}`);
      walk(child, `${at}${key}.`);
      if (child.items) walk(child.items, `${at}${key}[].`);
    }
  };
  for (const [name, node] of Object.entries(definitions)) walk(node, `${name}:`);
  assert.deepEqual(missing, []);
});
