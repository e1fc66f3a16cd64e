/**
 * Engine integration for run management: the real engine process over JSON-RPC and the real trainer (tiny
 * model, CPU). Environment check, start → cancel → resume from the checkpoint → delete, and the run-config
 * editor feature (diagnostics, completion, hover). The steps share one workspace and run in order.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Methods, type EnvReport, type RunEventNotification, type RunInfo, type TrainerEvent } from '../../src/protocol';
import { EngineClient, repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-runs-'));
cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true, filter: (src) => !src.includes(`${path.sep}.alw`) });
const runsDir = path.join(workspace, '.alw', 'runs');
let engine: EngineClient;

function sftConfig(name: string, training: Record<string, number>): string {
  let text = readFileSync(path.join(workspace, 'runs', 'tiny-sft.yaml'), 'utf8');
  for (const [key, value] of Object.entries(training)) text = text.replace(new RegExp(`(  ${key}: ).*`), `$1${value}`);
  const file = path.join(workspace, 'runs', name);
  writeFileSync(file, text);
  return file;
}

/** Every notification for one run, from now on. */
function watch(runId: string) {
  const seen: RunEventNotification[] = [];
  engine.onNotification(Methods.runEvent, (n) => n.runId === runId && seen.push(n));
  const until = async (ready: (n: RunEventNotification) => boolean, timeoutMs = 300_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!seen.some(ready)) {
      if (Date.now() > deadline) throw new Error(`timed out; last events: ${JSON.stringify(seen.slice(-3).map((n) => n.event))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return seen.find(ready)!;
  };
  return { seen, until, events: () => seen.map((n) => n.event) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const ended = (n: RunEventNotification) => ['done', 'cancelled', 'failed'].includes(n.run.state);

before(async () => {
  engine = await EngineClient.start(workspace, { python, runsDir });
});
after(async () => {
  await engine?.stop();
});

describe('runs over JSON-RPC', () => {
  test('envCheck reports Python, torch, the devices and a memory estimate for the tiny SFT config', async () => {
    const report: EnvReport = await engine.request(Methods.envCheck, { configPath: path.join(workspace, 'runs', 'tiny-sft.yaml') });
    assert.deepEqual(report.problems, []);
    assert.equal(report.python, python);
    assert.match(report.torch ?? '', /^\d+\.\d+/);
    assert.ok(report.devices.some((d) => d.kind === 'cpu' && (d.memoryBytes ?? 0) > 0), JSON.stringify(report.devices));
    assert.ok(report.estimate && report.estimate.parameters > 0 && report.estimate.perDeviceBytes > 0, JSON.stringify(report.estimate));
    assert.ok((report.freeDiskBytes ?? 0) > 0);
  });

  test('start → cancel → resume continues after the checkpoint → delete removes the folder', async () => {
    // A tiny step takes ~30 ms: 150 steps leave seconds between "step 2" and the end for the cancel to land.
    const config = sftConfig('sft-resume.yaml', { max_steps: 150, save_steps: 1000 });
    const started = await engine.request(Methods.startRun, { configPath: config });
    const first = watch(started.id);
    assert.equal(started.launcher, 'local');
    assert.ok(existsSync(path.join(started.dir, 'env.json')), 'env.json written before the trainer starts');
    assert.deepEqual(JSON.parse(readFileSync(path.join(started.dir, 'env.json'), 'utf8')).problems, []);
    const command = readFileSync(path.join(started.dir, 'command.txt'), 'utf8').split('\n');
    assert.match(command[0], /^# The same run without the editor/);
    const quotedRuns = path.join(workspace, 'runs');
    assert.equal(command[1], `cd ${quotedRuns} && HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1 PYTHONUNBUFFERED=1 PYTHONSAFEPATH=1 ${python} -m alw_trainer run ${started.dir}/config.yaml --output-dir ${started.dir}/output`);
    assert.equal(started.command, command[1]);

    await first.until((n) => n.run.step >= 2);
    await engine.request(Methods.cancelRun, { runId: started.id });
    const cancelled = await first.until(ended);
    assert.equal(cancelled.run.state, 'cancelled', JSON.stringify(first.events().filter((e) => e.type === 'error')));
    const checkpoint = (first.events().find((e) => e.type === 'cancelled') as Extract<TrainerEvent, { type: 'cancelled' }>).checkpoint!;
    const checkpointStep = Number(/checkpoint-(\d+)$/.exec(checkpoint)![1]);
    assert.deepEqual(cancelled.run.checkpoints, [checkpoint]);
    assert.ok(first.seen.some((n) => typeof n.run.etaSeconds === 'number' && n.run.etaSeconds > 0), 'an ETA while running');

    const resumed = await engine.request(Methods.resumeRun, { runId: started.id });
    const second = watch(started.id);
    assert.equal(resumed.id, started.id);
    assert.equal(resumed.dir, started.dir, 'the same run folder');
    assert.equal(resumed.resumedFrom, checkpoint);
    assert.ok(['starting', 'running'].includes(resumed.state));
    assert.match(readFileSync(path.join(started.dir, 'command.txt'), 'utf8'), new RegExp(`# Resumed .* from ${checkpoint}:\\n.*--resume ${checkpoint}\\n$`));
    await assert.rejects(engine.request(Methods.deleteRun, { runId: started.id }), /is (starting|running): cancel it before deleting/);
    const done = await second.until(ended);
    assert.equal(done.run.state, 'done', JSON.stringify(second.events().filter((e) => e.type === 'error' || e.type === 'log')));
    const start = second.events().find((e) => e.type === 'start') as Extract<TrainerEvent, { type: 'start' }>;
    assert.equal(start.resumed_from, checkpoint);
    const steps = second.events().flatMap((e) => (e.type === 'progress' ? [e.step] : []));
    assert.ok(steps.length > 0 && steps.every((s) => s > checkpointStep), `steps after resume ${steps} all beyond ${checkpointStep}`);
    assert.equal(done.run.step, 150);
    const replay = await engine.request(Methods.runEvents, { runId: started.id, since: 0 });
    assert.deepEqual(replay.events.filter((e) => e.type === 'start' || e.type === 'cancelled' || e.type === 'done').map((e) => e.type),
      ['start', 'cancelled', 'start', 'done'], 'one event stream across both attempts');

    const deleted = await engine.request(Methods.deleteRun, { runId: started.id });
    assert.deepEqual(deleted, { deleted: true });
    assert.ok(!existsSync(started.dir), 'the run folder is gone');
    const listed: RunInfo[] = await engine.request(Methods.listRuns, {});
    assert.ok(!listed.some((r) => r.id === started.id));
  });

  test('a 2-process accelerate run cancels through its stop file: every rank checkpoints, resume goes on', async () => {
    const config = sftConfig('sft-ddp.yaml', { max_steps: 60, save_steps: 1000, per_device_train_batch_size: 2 });
    const port = await freePort();
    writeFileSync(config, readFileSync(config, 'utf8') +
      `launcher: {type: accelerate, preset: ddp, num_processes: 2, cpu: true, main_process_port: ${port}}\n`);
    const started = await engine.request(Methods.startRun, { configPath: config });
    assert.equal(started.launcher, 'accelerate');
    const first = watch(started.id);
    await first.until((n) => n.run.step >= 2);
    await engine.request(Methods.cancelRun, { runId: started.id });
    const stopFile = path.join(started.dir, 'output', 'STOP');
    const cancelled = await first.until(ended, 120_000);
    assert.equal(cancelled.run.state, 'cancelled', JSON.stringify(first.events().slice(-3)));
    assert.ok(first.events().some((e) => e.type === 'log' && e.message.includes(`stop requested through ${stopFile}`)), 'stopped by the stop file');
    assert.ok(!existsSync(stopFile), 'the stopped run removed its stop file');
    const checkpoint = (first.events().find((e) => e.type === 'cancelled') as Extract<TrainerEvent, { type: 'cancelled' }>).checkpoint!;
    assert.ok(existsSync(path.join(checkpoint, 'trainer_state.json')), `checkpoint saved: ${checkpoint}`);
    const checkpointStep = Number(/checkpoint-(\d+)$/.exec(checkpoint)![1]);
    assert.ok(checkpointStep < 60);

    // Resuming waits for the first attempt's processes to exit; only then has rank 1 surely written its last line
    // (the run counts as cancelled as soon as rank 0 reports it).
    await engine.request(Methods.resumeRun, { runId: started.id });
    assert.match(readFileSync(path.join(started.dir, 'trainer.log'), 'utf8'), new RegExp(`\\[rank 1\\] \\{"type": "cancelled", [^\\n]*"step": ${checkpointStep}\\b`), 'rank 1 stopped after the same step');
    const second = watch(started.id);
    const done = await second.until(ended);
    assert.equal(done.run.state, 'done', JSON.stringify(second.events().filter((e) => e.type === 'error')));
    const steps = second.events().flatMap((e) => (e.type === 'progress' ? [e.step] : []));
    assert.equal(steps[0], checkpointStep + 1);
    assert.equal(done.run.step, 60);
  });

  test('a config the schema rejects is refused before anything starts, naming the key', async () => {
    const config = sftConfig('sft-fails.yaml', { max_steps: 4, save_steps: 1000 });
    writeFileSync(config, readFileSync(config, 'utf8').replace('learning_rate: 3.0e-3', 'learning_rate: 3.0e-3\n  assistant_only_loss: maybe'));
    await assert.rejects(engine.request(Methods.startRun, { configPath: config }), /training\.assistant_only_loss: must be true or false/);
    const runs: RunInfo[] = await engine.request(Methods.listRuns, {});
    assert.ok(!runs.some((r) => r.configPath === config), 'a refused config leaves no run behind');
  });

  test('run configs get diagnostics at the exact key and value, updated after an edit; completion and hover', async () => {
    const file = path.join(workspace, 'runs', 'edited.yaml');
    const text = 'stage: sft\nmodel: {path: ../.alw/models/tiny, create_tiny_if_missing: true}\ndata:\n  train: ../sft.jsonl\ntraining:\n  max_step: 10\n  max_length: long\n  \n';
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await engine.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await engine.diagnosticsFor(uri, (d) => d.length >= 2);
    const at = (d: (typeof diagnostics)[number]) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
    const unknown = diagnostics.find((d) => /unknown key "max_step"/.test(d.message));
    const badValue = diagnostics.find((d) => /training\.max_length: must be a whole number/.test(d.message));
    assert.deepEqual(unknown && at(unknown), [5, 2, 5, 10]);
    assert.deepEqual(badValue && at(badValue), [6, 14, 6, 18]);

    const completion = await engine.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 2 } }) as Array<{ label: string }>;
    assert.ok(completion.some((c) => c.label === 'learning_rate'), completion.map((c) => c.label).join(','));
    assert.ok(!completion.some((c) => c.label === 'max_length'), 'keys already present are not offered');
    const hover = await engine.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 5 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /\*\*training\.max_length\*\* \(integer, default 512\)[\s\S]*Longest tokenized example/);

    const fixed = text.replace('max_step: 10', 'max_steps: 10').replace('max_length: long', 'max_length: 256');
    engine.change(uri, 2, fixed);
    assert.deepEqual(await engine.diagnosticsFor(uri, (d) => d.length === 0), [], 'an edit that fixes both keys clears their diagnostics');
  });
});
