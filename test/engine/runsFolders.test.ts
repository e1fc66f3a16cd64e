/**
 * Run folders are data: the real engine process reads hand-written run folders (broken, foreign, copied, with
 * recycled pids, owned by another live process) and real stand-in trainer processes (node, whose command line
 * says `--output-dir FOLDER/output` as a trainer's does). No torch: nothing here starts the real trainer.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { stampOf } from '../../src/engine/shared/processStamp';
import { MetricSeries } from '../../src/webview/runs/metricSeries';
import { Methods, type RunInfo } from '../../src/protocol';
import { EngineClient } from './engineClient';

const children: ChildProcess[] = [];
const engines: EngineClient[] = [];
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const engine of engines) await engine.stop();
});

function runsFolder(): { workspace: string; runsDir: string } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'alw-runfolders-'));
  const runsDir = path.join(workspace, '.alw', 'runs');
  mkdirSync(runsDir, { recursive: true });
  return { workspace, runsDir };
}

function writeRun(runsDir: string, name: string, fields: Partial<RunInfo> | string): string {
  const dir = path.join(runsDir, name);
  mkdirSync(path.join(dir, 'output'), { recursive: true });
  const info: RunInfo = {
    id: name, dir, configPath: '/nowhere/sft.yaml', stage: 'sft', state: 'cancelled', step: 3, totalSteps: 10, pid: null,
    startedAt: '2026-01-01T12:00:00.000Z', endedAt: '2026-01-01T12:01:00.000Z', command: 'python -m alw_trainer run …',
    lastCheckpoint: null, error: null, ...(typeof fields === 'string' ? {} : fields),
  };
  writeFileSync(path.join(dir, 'status.json'), typeof fields === 'string' ? fields : JSON.stringify(info, null, 2));
  if (!existsSync(path.join(dir, 'events.jsonl'))) writeFileSync(path.join(dir, 'events.jsonl'), '');
  return dir;
}

/** A live process whose command line trains into `dir`/output, as a real trainer's does. */
function standInTrainer(dir: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '--output-dir', path.join(dir, 'output')], { stdio: 'ignore' });
  children.push(child);
  return child;
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function engineOn(workspace: string, runsDir: string): Promise<EngineClient> {
  const engine = await EngineClient.start(workspace, { runsDir, python: '/nonexistent/python' });
  engines.push(engine);
  return engine;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('run folders are data', () => {
  test('a broken, a foreign and a lying status.json never break the list; id and dir come from the folder', async () => {
    const { workspace, runsDir } = runsFolder();
    const original = writeRun(runsDir, '20260101-120000-sft-orig', {});
    // A copy of the original whose status.json still names the original's id and folder.
    const copy = path.join(runsDir, '20260101-120000-sft-copy');
    cpSync(original, copy, { recursive: true });
    writeRun(runsDir, '20260101-120000-sft-broken', '{\n  "state": "done",\n  "step": ');
    writeRun(runsDir, '20260101-120000-sft-foreign', JSON.stringify({ name: 'some other tool', state: 'paused' }, null, 2));
    const engine = await engineOn(workspace, runsDir);

    const listed = await engine.request(Methods.listRuns, {});
    const byId = new Map(listed.map((r) => [r.id, r]));
    assert.deepEqual([...byId.keys()].sort(), ['20260101-120000-sft-broken', '20260101-120000-sft-copy', '20260101-120000-sft-foreign', '20260101-120000-sft-orig']);
    assert.equal(byId.get('20260101-120000-sft-copy')!.dir, copy, 'dir from the folder, not from the file');
    assert.equal(byId.get('20260101-120000-sft-copy')!.unreadable, undefined);
    const broken = byId.get('20260101-120000-sft-broken')!;
    assert.match(broken.unreadable ?? '', new RegExp(`${path.join(runsDir, '20260101-120000-sft-broken', 'status.json')}:3:\\d+: `));
    assert.equal(broken.state, 'failed');
    assert.match(byId.get('20260101-120000-sft-foreign')!.unreadable ?? '', /status\.json:1:1: "startedAt" must be a string/);
    await assert.rejects(engine.request(Methods.deleteRun, { runId: broken.id }), /cannot be deleted here: .*status\.json:3/);
    await assert.rejects(engine.request(Methods.resumeRun, { runId: broken.id }), /cannot be resumed/);

    // Deleting the copy removes the copy, never the folder its status.json names.
    assert.deepEqual(await engine.request(Methods.deleteRun, { runId: '20260101-120000-sft-copy' }), { deleted: true });
    assert.ok(!existsSync(copy));
    assert.ok(existsSync(path.join(original, 'status.json')), 'the original is untouched');
  });

  test('a recycled pid or a copied live run is never signalled; the run\'s own verified trainer is', async () => {
    const { workspace, runsDir } = runsFolder();
    const liveDir = path.join(runsDir, '20260101-120000-sft-live');
    const trainer = standInTrainer(liveDir);
    await until('the stand-in trainer', () => stampOf(trainer.pid) ?? undefined);
    const stamp = stampOf(trainer.pid)!;
    writeRun(runsDir, '20260101-120000-sft-live', { state: 'running', pid: trainer.pid!, trainer: stamp });
    // Same pid, but another start time: the pid was recycled (or the machine rebooted) since the status was written.
    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(bystander);
    await until('the bystander', () => stampOf(bystander.pid) ?? undefined);
    const stale = { ...stampOf(bystander.pid)!, startTicks: stampOf(bystander.pid)!.startTicks - 1 };
    writeRun(runsDir, '20260101-120000-sft-recycled', { state: 'running', pid: bystander.pid!, trainer: stale });
    // A copy of the live run: same pid and stamp, but that process trains into the original's folder.
    cpSync(liveDir, path.join(runsDir, '20260101-120000-sft-livecopy'), { recursive: true });

    const engine = await engineOn(workspace, runsDir);
    const byId = new Map((await engine.request(Methods.listRuns, {})).map((r) => [r.id, r]));
    assert.equal(byId.get('20260101-120000-sft-live')!.state, 'running');
    for (const id of ['20260101-120000-sft-recycled', '20260101-120000-sft-livecopy']) {
      assert.equal(byId.get(id)!.state, 'failed', `${id}: its trainer is not running`);
      await engine.request(Methods.cancelRun, { runId: id });
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(alive(bystander), 'the process that got the recycled pid was not signalled');
    assert.ok(alive(trainer), 'the copy did not signal the original run\'s trainer');
    assert.ok(existsSync(path.join(liveDir, 'status.json')));

    await engine.request(Methods.cancelRun, { runId: '20260101-120000-sft-live' });
    await until('the verified trainer to get SIGTERM', () => (alive(trainer) ? undefined : true), 5000);
    const closed = await until('the run to be closed', async () =>
      (await engine.request(Methods.listRuns, {})).find((r) => r.id === '20260101-120000-sft-live' && r.state === 'failed'));
    assert.match(closed.error?.message ?? '', /trainer (was stopped|exited)/);
  });

  test('another process\'s live run is followed, never written; a second trainer is refused; its changes show', async () => {
    const { workspace, runsDir } = runsFolder();
    const dir = path.join(runsDir, '20260101-120000-sft-elsewhere');
    const trainer = standInTrainer(dir);
    await until('the stand-in trainer', () => stampOf(trainer.pid) ?? undefined);
    // This test process plays `alw run`: it spawned the trainer, so it is the one writer of status.json.
    const status = JSON.stringify({
      id: 'x', dir: '/x', configPath: '/nowhere/sft.yaml', stage: 'sft', state: 'running', step: 2, totalSteps: 10,
      pid: trainer.pid, trainer: stampOf(trainer.pid), writer: stampOf(process.pid), startedAt: '2026-01-01T12:00:00.000Z',
      endedAt: null, command: 'python -m alw_trainer run …', lastCheckpoint: null, error: null,
    }, null, 2);
    writeRun(runsDir, '20260101-120000-sft-elsewhere', status);
    appendFileSync(path.join(dir, 'events.jsonl'), '{"type": "progress", "step": 2, "total_steps": 10, "time": 1}\n');
    const engine = await engineOn(workspace, runsDir);
    const seen = (await engine.request(Methods.listRuns, {})).find((r) => r.id === '20260101-120000-sft-elsewhere')!;
    assert.equal(seen.state, 'running');
    appendFileSync(path.join(dir, 'events.jsonl'), '{"type": "progress", "step": 3, "total_steps": 10, "time": 2}\n');
    await until('the new event', async () => ((await engine.request(Methods.runEvents, { runId: seen.id })).total === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(readFileSync(path.join(dir, 'status.json'), 'utf8'), status, 'the engine never wrote another writer\'s status.json');

    await assert.rejects(engine.request(Methods.resumeRun, { runId: seen.id }),
      /running in another process \(trainer pid \d+\): a second trainer cannot be started into .*sft-elsewhere[\\/]output/);

    // The writer records the end: the engine follows it.
    writeFileSync(path.join(dir, 'status.json'), status.replace('"running"', '"cancelled"'));
    await until('the state written elsewhere', async () =>
      (await engine.request(Methods.listRuns, {})).find((r) => r.id === seen.id && r.state === 'cancelled'));
    assert.ok(alive(trainer));

    // Folders made and removed by other processes show up and go away.
    writeRun(runsDir, '20260101-130000-sft-later', {});
    assert.ok((await engine.request(Methods.listRuns, {})).some((r) => r.id === '20260101-130000-sft-later'));
    rmSync(path.join(runsDir, '20260101-130000-sft-later'), { recursive: true });
    assert.ok(!(await engine.request(Methods.listRuns, {})).some((r) => r.id === '20260101-130000-sft-later'));
  });

  test('a run with 200k events opens: bounded pages, and charts decimated (min/max kept) from the first to the last step', async () => {
    const { workspace, runsDir } = runsFolder();
    const dir = writeRun(runsDir, '20260101-120000-sft-long', { state: 'done', step: 100_000, totalSteps: 100_000 });
    const lines: string[] = ['{"type": "start", "stage": "sft", "total_steps": 100000, "device": "cpu", "time": 0}'];
    for (let step = 1; step <= 100_000; step++) {
      lines.push(`{"type": "progress", "step": ${step}, "total_steps": 100000, "time": ${step}}`);
      const loss = step === 54_321 ? 99 : step === 12_345 ? -5 : 2 - step / 100_000;
      lines.push(`{"type": "metrics", "step": ${step}, "metrics": {"loss": ${loss}, "learning_rate": 0.001}, "time": ${step}}`);
    }
    lines.push('{"type": "done", "step": 100000, "output_dir": "/x", "time": 100001}');
    writeFileSync(path.join(dir, 'events.jsonl'), lines.join('\n') + '\n');
    const engine = await engineOn(workspace, runsDir);

    const page = await engine.request(Methods.runEvents, { runId: '20260101-120000-sft-long', since: 0, limit: 1_000_000 });
    assert.equal(page.total, 200_002);
    assert.equal(page.events.length, 2000, 'a page is bounded whatever is asked');
    assert.equal(page.next, 2000);
    const last = await engine.request(Methods.runEvents, { runId: '20260101-120000-sft-long', since: 200_001 });
    assert.deepEqual(last.events.map((e) => e.type), ['done']);

    const overview = await engine.request(Methods.runOverview, { runId: '20260101-120000-sft-long' });
    assert.equal(overview.metricsTotal, 100_000);
    assert.ok(overview.decimated);
    const metrics = overview.events.flatMap(({ event }) => (event.type === 'metrics' ? [event] : []));
    assert.ok(metrics.length <= 500 * 4 && metrics.length >= 500, `${metrics.length} metrics events`);
    assert.equal(metrics[0].step, 1, 'from the first step');
    assert.equal(metrics.at(-1)!.step, 100_000, 'to the last');
    assert.ok(metrics.some((m) => m.metrics.loss === 99) && metrics.some((m) => m.metrics.loss === -5), 'spikes kept');
    assert.ok(overview.events.length < 5000, `${overview.events.length} events in all`);
    assert.deepEqual(overview.events.filter(({ event }) => event.type === 'start' || event.type === 'done').map(({ index }) => index), [0, 200_001]);
    assert.equal(overview.next, 200_002);
    // What the Run panel's loss chart gets from it: a bounded series from the first to the last step.
    const charts = new MetricSeries();
    for (const { event } of overview.events) charts.accept('run', event);
    const [[, loss]] = charts.of('loss');
    assert.ok(loss.length <= 2000, `${loss.length} points`);
    assert.deepEqual([loss[0].x, loss.at(-1)!.x], [1, 100_000]);
    assert.deepEqual([Math.min(...loss.map((p) => p.y)), Math.max(...loss.map((p) => p.y))], [-5, 99]);
    const indexes = overview.events.map(({ index }) => index);
    assert.deepEqual(indexes, [...indexes].sort((a, b) => a - b), 'in file order');
  });
});
