import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { pythonFor } from '../../src/engine/python/pythonFor';
import { explainCrash } from '../../src/engine/runs/failureCause';
import { loadRunConfig, RunConfigError } from '../../src/engine/runs/runConfig';

const samples = path.resolve(__dirname, '../../../samples');

test('the tiny SFT preset resolves every path against its own folder', () => {
  const config = loadRunConfig(path.join(samples, 'runs/tiny-sft.yaml'));
  assert.equal(config.stage, 'sft');
  const data = parse(config.yaml);
  assert.equal(data.data.train, path.join(samples, 'sft.jsonl'));
  assert.equal(data.model.path, path.join(samples, '.alw/models/tiny'));
  assert.deepEqual(data.model.tiny_corpus, ['pretrain', 'sft', 'preferences'].map((n) => path.join(samples, `${n}.jsonl`)));
  assert.equal(data.training.max_steps, 40);
});

test('bad configs are refused before anything starts, naming the problem', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-config-'));
  mkdirSync(path.join(dir, 'model'));
  const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
  assert.throws(() => loadRunConfig(write('a.yaml', 'stage: rlaif\nmodel: model\ndata: {train: x}\n')), /rlaif.*planned/);
  assert.throws(() => loadRunConfig(write('b.yaml', 'stage: sft\nmodel: model\ndata: {train: missing.jsonl}\n')),
    (e: Error) => e instanceof RunConfigError && /training data not found: .*missing\.jsonl/.test(e.message));
  assert.throws(() => loadRunConfig(write('c.yaml', 'stage: sft\nmodel: nowhere\ndata: {train: a.yaml}\n')), /model folder not found/);
  assert.throws(() => loadRunConfig(write('d.yaml', 'stage: [sft\n')), /invalid YAML/);
  assert.throws(() => loadRunConfig(path.join(dir, 'none.yaml')), /not found/);
});

test('a trainer crash without an error event is put into words', () => {
  assert.equal(explainCrash('Traceback...\nRuntimeError: CUDA out of memory. Tried to allocate', 1).cause, 'out_of_memory');
  assert.equal(explainCrash("ModuleNotFoundError: No module named 'alw_trainer'", 1).cause, 'missing_dependency');
  const unknown = explainCrash('boom', 3);
  assert.equal(unknown.cause, 'unknown');
  assert.match(unknown.message, /exited with code 3/);
});

test('a relative interpreter path is made absolute; a bare command name is left to PATH', () => {
  assert.equal(pythonFor('.venv/bin/python', undefined), path.resolve('.venv/bin/python'));
  assert.equal(pythonFor('python3.12', undefined), 'python3.12');
});

test('pretrain and DPO presets load; a data mix has its paths resolved and checked', () => {
  assert.equal(loadRunConfig(path.join(samples, 'runs/tiny-dpo.yaml')).stage, 'dpo');
  assert.equal(loadRunConfig(path.join(samples, 'runs/tiny-pretrain.yaml')).stage, 'pretrain');
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-mix-'));
  writeFileSync(path.join(dir, 'ar.jsonl'), '{"text": "نص"}\n');
  const config = path.join(dir, 'mix.yaml');
  writeFileSync(config, 'stage: pretrain\nmodel: {path: m, create_tiny_if_missing: true}\ndata:\n  mix:\n    - {path: ar.jsonl, weight: 3}\n');
  assert.deepEqual(parse(loadRunConfig(config).yaml).data.mix, [{ path: path.join(dir, 'ar.jsonl'), weight: 3 }]);
  writeFileSync(config, 'stage: pretrain\nmodel: {path: m, create_tiny_if_missing: true}\ndata:\n  mix:\n    - {path: en.jsonl}\n');
  assert.throws(() => loadRunConfig(config), /training data not found: .*en\.jsonl/);
});
