import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { pythonFor } from '../../src/engine/python/pythonFor';
import { explainCrash } from '../../src/engine/runs/failureCause';
import type { RunInfo } from '../../src/protocol';
import { listCheckpoints } from '../../src/engine/runs/checkpoints';
import { loadRunConfig, runConfigProblems, RunConfigError } from '../../src/engine/runs/runConfig';
import { RunProgress } from '../../src/engine/runs/runProgress';

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
  assert.throws(() => loadRunConfig(write('a.yaml', 'stage: rlhf\nmodel: model\ndata: {train: a.yaml}\n')),
    (e: Error) => e.message.startsWith(path.join(dir, 'a.yaml')) && /stage: must be one of: pretrain, sft, reward, dpo, rlaif, eval, pipeline/.test(e.message));
  assert.throws(() => loadRunConfig(write('e.yaml', 'stage: sft\nmodel: model\ndata: {train: a.yaml}\ntraining: {learning_rate: fast}\n')),
    /e\.yaml: training\.learning_rate: must be a number/);
  assert.throws(() => loadRunConfig(write('f.yaml', 'stage: sft\nmodel: model\ndata: {train: a.yaml}\ntraining: {max_steps: -3}\n')),
    /f\.yaml: training\.max_steps: must be -1 or >= 1$/);
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

test('rlaif configs resolve their reward model; a missing one or a batch the generations do not divide is refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-rlaif-'));
  mkdirSync(path.join(dir, 'policy'));
  mkdirSync(path.join(dir, 'rm'));
  writeFileSync(path.join(dir, 'rm', 'config.json'), '{}');
  writeFileSync(path.join(dir, 'prompts.jsonl'), '{"prompt": "سؤال"}\n');
  const config = path.join(dir, 'rlaif.yaml');
  const base = 'stage: rlaif\nmodel: policy\ndata: {train: prompts.jsonl}\ntraining: {max_steps: 2, per_device_train_batch_size: 4}\n';
  writeFileSync(config, `${base}rlaif: {reward_model: rm, num_generations: 2}\n`);
  assert.equal(parse(loadRunConfig(config).yaml).rlaif.reward_model, path.join(dir, 'rm'));
  writeFileSync(config, `${base}rlaif: {reward_model: nowhere}\n`);
  assert.throws(() => loadRunConfig(config), /rlaif\.reward_model: reward model not found: .*nowhere \(no config\.json\)/);
  writeFileSync(config, `${base}rlaif: {reward_model: rm, num_generations: 3}\n`);
  assert.throws(() => loadRunConfig(config), /rlaif\.num_generations: 3 generations per prompt must divide .* \(4\)/);
});

test('eval configs need no data: their requests file is resolved and checked, broken evaluation blocks refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-eval-'));
  mkdirSync(path.join(dir, 'model'));
  writeFileSync(path.join(dir, 'requests.jsonl'), '{"id": "a", "type": "generate", "prompt": "x", "max_new_tokens": 2}\n');
  const config = path.join(dir, 'eval.yaml');
  writeFileSync(config, 'stage: eval\nmodel: model\nevaluation: {requests: requests.jsonl, batch_size: 4}\n');
  const loaded = parse(loadRunConfig(config).yaml);
  assert.equal(loaded.evaluation.requests, path.join(dir, 'requests.jsonl'));
  assert.equal(loaded.model.path, path.join(dir, 'model'));
  writeFileSync(config, 'stage: eval\nmodel: model\nevaluation: {requests: nowhere.jsonl}\n');
  assert.throws(() => loadRunConfig(config), /evaluation\.requests: requests file not found: .*nowhere\.jsonl/);
  writeFileSync(config, 'stage: eval\nmodel: model\nevaluation: {batch_size: 0}\n');
  assert.throws(() => loadRunConfig(config), (e: Error) => /"requests" is required in evaluation/.test(e.message)
    && /evaluation\.batch_size: must be >= 1/.test(e.message));
  writeFileSync(config, 'stage: sft\nmodel: model\ndata: {train: requests.jsonl}\nevaluation: {requests: requests.jsonl}\n');
  assert.match(runConfigProblems(parse(readFileSync(config, 'utf8')), config).map((p) => p.message).join('\n'),
    /evaluation is read by stage eval only: ignored for stage sft/);
});

test('a pipeline resolves its stage configs and checks them, with model_from standing in for a missing model', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-pipeline-'));
  writeFileSync(path.join(dir, 'sft.jsonl'), '{"messages": []}\n');
  writeFileSync(path.join(dir, 'first.yaml'), 'stage: sft\nmodel: {path: m, create_tiny_if_missing: true}\ndata: {train: sft.jsonl}\n');
  writeFileSync(path.join(dir, 'second.yaml'), 'stage: sft\nmodel: not-yet\ndata: {train: sft.jsonl}\n');
  const pipeline = path.join(dir, 'pipeline.yaml');
  writeFileSync(pipeline, 'stage: pipeline\nstages:\n  - {name: a, config: first.yaml}\n  - {name: b, config: second.yaml, model_from: previous}\n');
  const loaded = loadRunConfig(pipeline);
  assert.deepEqual(loaded.pipeline, ['a', 'b']);
  assert.deepEqual(parse(loaded.yaml).stages.map((s: any) => s.config), [path.join(dir, 'first.yaml'), path.join(dir, 'second.yaml')]);
  writeFileSync(pipeline, 'stage: pipeline\nstages:\n  - {name: a, config: first.yaml}\n  - {name: b, config: second.yaml}\n');
  assert.throws(() => loadRunConfig(pipeline), /stages\[1\]\.config: .*second\.yaml: model: model folder not found/);
  writeFileSync(pipeline, 'stage: pipeline\nstages:\n  - {name: a, config: first.yaml, model_from: b}\n');
  assert.throws(() => loadRunConfig(pipeline), /stages\[0\]\.model_from: "b" is not an earlier stage/);
});

test('the step rate gives an ETA from the attempt\'s first progress event; a new start resets it', () => {
  const info = { state: 'starting', step: 0, totalSteps: 0, endedAt: null, error: null } as unknown as RunInfo;
  const progress = new RunProgress(info);
  progress.apply({ type: 'start', stage: 'sft', total_steps: 100, device: 'cpu', time: 0 });
  progress.apply({ type: 'progress', step: 1, total_steps: 100, time: 10 });
  assert.equal(info.etaSeconds, null, 'one point is no rate');
  progress.apply({ type: 'progress', step: 11, total_steps: 100, time: 30 });
  assert.equal(info.etaSeconds, 178); // 10 steps in 20 s, 89 left
  progress.apply({ type: 'cancelled', step: 11, checkpoint: '/r/output/checkpoint-11', time: 31 });
  assert.equal(info.state, 'cancelled');
  assert.ok(info.endedAt);
  progress.apply({ type: 'start', stage: 'sft', total_steps: 100, device: 'cpu', resumed_from: '/r/output/checkpoint-11', time: 40 });
  assert.deepEqual([info.state, info.endedAt, info.resumedFrom, info.etaSeconds], ['running', null, '/r/output/checkpoint-11', null]);
  progress.apply({ type: 'progress', step: 12, total_steps: 100, time: 50 });
  assert.equal(info.etaSeconds, null);
});

test('checkpoints are listed by step, pipeline stages in order', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-ckpt-'));
  for (const d of ['checkpoint-10', 'checkpoint-2', 'checkpoint-x', 'b/checkpoint-1', 'a/checkpoint-5']) mkdirSync(path.join(dir, d), { recursive: true });
  assert.deepEqual(listCheckpoints(dir), ['checkpoint-2', 'checkpoint-10'].map((d) => path.join(dir, d)));
  assert.deepEqual(listCheckpoints(dir, ['a', 'b']).slice(2), ['a/checkpoint-5', 'b/checkpoint-1'].map((d) => path.join(dir, d)));
});
