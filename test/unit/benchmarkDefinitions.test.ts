/**
 * The shipped benchmark definitions (benchmarks/*.yaml) are valid against schemas/benchmark.schema.json, and the
 * schema rejects a definition with a wrong kind or a missing data section (loading and scoring: eval*.test.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(root, 'schemas/benchmark.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const definitions = readdirSync(path.join(root, 'benchmarks')).filter((f) => f.endsWith('.yaml'));

test('every shipped benchmark definition is valid', () => {
  assert.deepEqual(definitions.sort(), ['acva.yaml', 'alpaca-eval-ar.yaml', 'exams.yaml', 'mmlu-ar.yaml', 'vicuna80-ar.yaml']);
  for (const file of definitions) {
    const definition = parse(readFileSync(path.join(root, 'benchmarks', file), 'utf8')) as { name: string };
    assert.ok(validate(definition), `${file}: ${JSON.stringify(validate.errors)}`);
    assert.equal(`${definition.name}.yaml`, file);
  }
});

test('the schema refuses a broken definition', () => {
  const definition = parse(readFileSync(path.join(root, 'benchmarks/exams.yaml'), 'utf8'));
  assert.equal(validate({ ...definition, kind: 'essay' }), false);
  const { data: _data, ...withoutData } = definition;
  assert.equal(validate(withoutData), false);
});
