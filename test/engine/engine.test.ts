/**
 * Engine integration: the real engine process over JSON-RPC, the real trainer (tiny model, CPU) and
 * onnxruntime-node. One copy of the samples workspace is shared by the steps, which run in order.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Methods, type RunEventNotification, type RunInfo, type TrainerEvent } from '../../src/protocol';
import { EngineClient, repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-engine-'));
cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true, filter: (src) => !src.includes(`${path.sep}.alw`) });
let engine: EngineClient;

/** A copy of a sample run config with some training values changed. */
function configWith(name: string, base: string, training: Record<string, number>): string {
  let text = readFileSync(path.join(workspace, 'runs', base), 'utf8');
  for (const [key, value] of Object.entries(training)) text = text.replace(new RegExp(`(  ${key}: ).*`), `$1${value}`);
  const file = path.join(workspace, 'runs', name);
  writeFileSync(file, text);
  return file;
}

/** Collects every run event notification the engine sends for one run. */
function collect(client: EngineClient, runId: () => string | undefined) {
  const events: TrainerEvent[] = [];
  let last: RunInfo | undefined;
  const waiters: Array<() => void> = [];
  client.onNotification(Methods.runEvent, (n: RunEventNotification) => {
    if (n.runId !== runId()) return;
    events.push(n.event);
    last = n.run;
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (ready: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out; events so far: ${JSON.stringify(events.slice(-5))}`);
      await new Promise<void>((wake) => { waiters.push(wake); setTimeout(wake, 500); });
    }
  };
  return { events, run: () => last, until };
}

before(async () => {
  engine = await EngineClient.start(workspace, { python, runsDir: path.join(workspace, '.alw', 'runs') });
});
after(async () => {
  await engine?.stop();
});

describe('engine over JSON-RPC', () => {
  test('publishes dataset diagnostics at exact positions, and re-checks after an edit', async () => {
    const file = path.join(workspace, 'sft.jsonl');
    const text = readFileSync(file, 'utf8');
    const uri = engine.open(file, text);
    const diagnostics = await engine.diagnosticsFor(uri);
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.code]), [
      [11, 77, 'ALW003'], [15, 112, 'ALW004'], [19, 157, 'ALW001'], [20, 1, 'ALW003'],
    ]);
    assert.match(diagnostics[2].message, /JSON syntax error/);
    const fixed = text.split('\n').map((l, i) => (i === 18 ? l.replace(/\]$/, ']}') : l)).join('\n');
    engine.change(uri, 2, fixed);
    const after = await engine.diagnosticsFor(uri, (d) => d.length === 3);
    assert.ok(!after.some((d) => d.code === 'ALW001'), 'the syntax error is gone after the fix');
  });

  test('reads a record by line', async () => {
    const result = await engine.request(Methods.readRecord, { uri: path.join(workspace, 'preferences.jsonl'), line: 2 });
    assert.equal(result.kind, 'preference');
    assert.equal(result.record.chosen, 'عاصمة الأردن هي عمّان.');
  });

  test('a run streams progress and metrics to "done" and leaves a complete run folder', async () => {
    let runId: string | undefined;
    const watch = collect(engine, () => runId);
    const info = await engine.request(Methods.startRun, { configPath: configWith('sft-short.yaml', 'tiny-sft.yaml', { max_steps: 12, save_steps: 6 }) });
    runId = info.id;
    assert.match(info.command, /-m alw_trainer run .*config\.yaml --output-dir .*output/);
    await watch.until(() => ['done', 'failed', 'cancelled'].includes(watch.run()?.state ?? ''), 300_000);
    assert.equal(watch.run()!.state, 'done', JSON.stringify(watch.events.filter((e) => e.type === 'error')));
    const losses = watch.events.flatMap((e) => (e.type === 'metrics' && 'loss' in e.metrics ? [e.metrics.loss] : []));
    assert.ok(losses.length >= 5, `loss logged every step (${losses.length})`);
    assert.ok(watch.events.some((e) => e.type === 'checkpoint'), 'a checkpoint event');
    assert.ok(watch.events.some((e) => e.type === 'log' && /sft\.jsonl:19/.test(e.message)), 'the broken line is named');
    for (const f of ['config.yaml', 'command.txt', 'events.jsonl', 'status.json', 'trainer.log']) {
      assert.ok(existsSync(path.join(info.dir, f)), `${f} in the run folder`);
    }
    const status = JSON.parse(readFileSync(path.join(info.dir, 'status.json'), 'utf8')) as RunInfo;
    assert.equal(status.state, 'done');
    const replay = await engine.request(Methods.runEvents, { runId: info.id, since: 0 });
    assert.equal(replay.events.length, watch.events.length, 'events replay from the start');
    const listed = await engine.request(Methods.listRuns, {});
    assert.ok(listed.some((r) => r.id === info.id && r.state === 'done'));
  });

  test('cancel stops a run with a checkpoint and a "cancelled" event', async () => {
    let runId: string | undefined;
    const watch = collect(engine, () => runId);
    const info = await engine.request(Methods.startRun, { configPath: configWith('sft-long.yaml', 'tiny-sft.yaml', { max_steps: 2000, save_steps: 1000 }) });
    runId = info.id;
    await watch.until(() => (watch.run()?.step ?? 0) >= 3, 300_000);
    await engine.request(Methods.cancelRun, { runId: info.id });
    await watch.until(() => ['done', 'failed', 'cancelled'].includes(watch.run()?.state ?? ''), 120_000);
    const end = watch.run()!;
    assert.equal(end.state, 'cancelled');
    const cancelled = watch.events.find((e) => e.type === 'cancelled');
    assert.ok(cancelled && cancelled.type === 'cancelled' && cancelled.checkpoint, 'cancelled with a checkpoint');
    assert.ok(existsSync(cancelled.checkpoint!), `checkpoint folder exists: ${cancelled.checkpoint}`);
    assert.ok(end.step < 2000);
  });

  test('a run survives an engine crash: a new engine re-attaches to the live trainer and replays its events', async () => {
    let runId: string | undefined;
    const watch = collect(engine, () => runId);
    // ~30 ms a step: 300 steps keep the trainer running while the new engine starts.
    const info = await engine.request(Methods.startRun, { configPath: configWith('sft-reattach.yaml', 'tiny-sft.yaml', { max_steps: 300, save_steps: 1000 }) });
    runId = info.id;
    await watch.until(() => (watch.run()?.step ?? 0) >= 2, 300_000);
    engine.kill();
    engine = await EngineClient.start(workspace, { python, runsDir: path.join(workspace, '.alw', 'runs') });
    const again = collect(engine, () => runId);
    const listed = await engine.request(Methods.listRuns, {});
    assert.ok(listed.some((r) => r.id === info.id), 'the new engine knows the run');
    assert.equal(listed.find((r) => r.id === info.id)!.state, 'running', 'the trainer outlived the engine');
    const deadline = Date.now() + 300_000;
    let state = listed.find((r) => r.id === info.id)!.state;
    while (!['done', 'failed', 'cancelled'].includes(state) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      state = (await engine.request(Methods.listRuns, {})).find((r) => r.id === info.id)!.state;
    }
    assert.equal(state, 'done');
    const replay = await engine.request(Methods.runEvents, { runId: info.id, since: 0 });
    assert.ok(replay.events.some((e) => e.type === 'start'), 'the start event is replayed');
    assert.equal(replay.events.at(-1)!.type, 'done');
    assert.equal(replay.events.filter((e) => e.type === 'progress').length, 300, 'every step, before and after the crash');
    assert.ok(again.events.some((e) => e.type === 'progress'), 'the new engine notifies the live run\'s progress');
    assert.equal(again.events.at(-1)!.type, 'done');
  });

  test('scores a preference pair with onnxruntime-node equal to the PyTorch reward model to 1e-4', async () => {
    let runId: string | undefined;
    const watch = collect(engine, () => runId);
    const info = await engine.request(Methods.startRun, { configPath: configWith('reward-short.yaml', 'tiny-reward.yaml', { max_steps: 8, save_steps: 1000 }) });
    runId = info.id;
    await watch.until(() => ['done', 'failed', 'cancelled'].includes(watch.run()?.state ?? ''), 300_000);
    assert.equal(watch.run()!.state, 'done', JSON.stringify(watch.events.filter((e) => e.type === 'error')));
    const model = path.join(info.dir, 'output');
    const onnxDir = path.join(workspace, '.alw', 'reward-onnx');
    execFileSync(python, ['-m', 'alw_trainer', 'export-onnx', '--model', model, '--out', onnxDir], { stdio: 'ignore' });
    const prompt = 'كيف أرحب بضيف في بيتي؟';
    const responses: [string, string] = ['أهلاً وسهلاً، تفضل بالقهوة والتمر (coffee & dates) 2026.', 'لا داعي للترحيب.'];
    const result = await engine.request(Methods.scorePair, { modelDir: onnxDir, prompt, responses });
    const reference = JSON.parse(execFileSync(python, ['-m', 'alw_trainer', 'score', '--model', model, '--prompt', prompt,
      '--response', responses[0], '--response', responses[1]], { encoding: 'utf8' })).scores as number[];
    assert.equal(result.scores.length, 2);
    result.scores.forEach((s, i) => assert.ok(Math.abs(s - reference[i]) <= 1e-4, `score ${i}: onnx ${s} vs torch ${reference[i]}`));
    assert.notEqual(result.scores[0], result.scores[1]);
  });

  test('Python setup with a configured interpreter that has the trainer confirms it, installing nothing', async () => {
    const progress: string[] = [];
    engine.onNotification(Methods.setupPythonProgress, (p) => progress.push(p.message));
    const result = await engine.request(Methods.setupPython, {
      interpreter: python, venvDir: path.join(workspace, 'unused-venv'), trainerDir: path.join(repoRoot, 'trainer'), torchRequirement: 'torch==2.13.0',
    });
    assert.equal(result.python, python);
    assert.equal(result.created, false);
    assert.match(result.trainerVersion, /^\d+\.\d+\.\d+/);
    assert.ok(!existsSync(path.join(workspace, 'unused-venv')));
    assert.ok(progress.some((m) => m.startsWith('Ready:')), progress.join('\n'));
  });

  test('a bad config is refused with the reason, before any process starts', async () => {
    const bad = path.join(workspace, 'runs', 'bad.yaml');
    writeFileSync(bad, 'stage: sft\nmodel: {path: ../.alw/models/tiny, create_tiny_if_missing: true}\ndata: {train: ../missing.jsonl}\n');
    await assert.rejects(engine.request(Methods.startRun, { configPath: bad }), /training data not found/);
  });
});
