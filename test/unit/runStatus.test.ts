/** status.json read as data (id/dir from the folder, every field checked), process stamps, metric decimation. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { MetricDecimator } from '../../src/core/runs/metricDecimation';
import { isResumable } from '../../src/core/runs/runStates';
import { parseRunStatus } from '../../src/engine/runs/runStatus';
import { checkStamp, stampOf } from '../../src/engine/shared/processStamp';
import type { MetricsEvent, RunInfo } from '../../src/protocol';

const good: RunInfo = {
  id: 'other-run', dir: '/somewhere/else', configPath: '/w/sft.yaml', stage: 'sft', state: 'cancelled', step: 3,
  totalSteps: 10, pid: 4242, startedAt: '2026-01-01T12:00:00.000Z', endedAt: null, command: 'python -m alw_trainer run',
  lastCheckpoint: '/somewhere/else/output/checkpoint-3', error: null, checkpoints: ['/somewhere/else/output/checkpoint-3'],
};

test('id and dir come from the folder, never from status.json', () => {
  const info = parseRunStatus(JSON.stringify(good, null, 2), '/runs/20260101-120000-sft-copy');
  assert.equal(info.id, '20260101-120000-sft-copy');
  assert.equal(info.dir, '/runs/20260101-120000-sft-copy');
  assert.equal(info.unreadable, undefined);
  assert.equal(info.state, 'cancelled');
  assert.equal(isResumable(info), true);
});

test('a wrong field makes the run unreadable, at FILE:LINE:COLUMN of that field', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ state: 'paused' }, /"state" must be one of starting, running, done, cancelled, failed/],
    [{ step: -1 }, /"step" must be a whole number/],
    [{ pid: 'sudo rm -rf /' }, /"pid" must be a process id/],
    [{ pid: -1 }, /"pid" must be a process id/],
    [{ error: { message: 'x', cause: 'evil' } }, /"error" must be null or \{message, cause\}/],
    [{ startedAt: 'yesterday' }, /"startedAt" must be an ISO date/],
    [{ trainer: { pid: 5 } }, /"trainer" must be \{pid, startTicks, bootId\}/],
    [{ checkpoints: [1, 2] }, /"checkpoints" must be a list of strings/],
  ];
  for (const [change, message] of cases) {
    const text = JSON.stringify({ ...good, ...change }, null, 2);
    const info = parseRunStatus(text, '/runs/r1');
    const key = Object.keys(change)[0];
    const line = text.split('\n').findIndex((l) => l.startsWith(`  "${key}"`)) + 1;
    assert.match(info.unreadable ?? '', new RegExp(`^/runs/r1/status\\.json:${line}:\\d+: `), key);
    assert.match(info.unreadable!, message);
    assert.equal(info.id, 'r1');
    assert.equal(info.state, 'failed');
    assert.equal(isResumable(info), false, 'an unreadable run is never resumable');
  }
  assert.match(parseRunStatus('[1, 2]', '/runs/r2').unreadable!, /status\.json:1:1: status\.json must hold one JSON object/);
  assert.match(parseRunStatus('{"state": "done",\n  oops', '/runs/r3').unreadable!, /status\.json:2:3: /);
});

test('a process stamp is the same process only while that very process runs', async () => {
  const own = stampOf(process.pid);
  assert.ok(own, 'this platform has /proc');
  assert.equal(checkStamp(own), 'same');
  assert.equal(checkStamp({ ...own, startTicks: own.startTicks + 1 }), 'gone', 'a recycled pid has another start time');
  assert.equal(checkStamp({ ...own, bootId: 'another-boot' }), 'gone', 'after a reboot no pid is the same process');
  assert.equal(checkStamp(null), 'unknown');
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  const stamp = stampOf(child.pid)!;
  assert.equal(checkStamp(stamp), 'same');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(checkStamp(stamp), 'gone');
});

test('metric decimation keeps first, last, and each metric\'s min and max per bucket, in order, bounded', () => {
  const total = 100_000;
  const decimator = new MetricDecimator(total, 100);
  for (let i = 0; i < total; i++) {
    const loss = i === 777 ? 50 : i === 45_000 ? -3 : Math.sin(i / 1000);
    const metrics: Record<string, number> = { loss, learning_rate: 1 - i / total };
    decimator.accept(i * 2 + 1, { type: 'metrics', step: i + 1, metrics, time: i } satisfies MetricsEvent);
  }
  const kept = decimator.finish();
  assert.ok(kept.length <= 100 * (2 + 2 * 2), `${kept.length}`);
  assert.ok(kept.length >= 200);
  assert.equal(kept[0].event.step, 1);
  assert.equal(kept.at(-1)!.event.step, total);
  assert.ok(kept.some((k) => k.event.metrics.loss === 50) && kept.some((k) => k.event.metrics.loss === -3));
  const indexes = kept.map((k) => k.index);
  assert.deepEqual(indexes, [...new Set(indexes)].sort((a, b) => a - b));
  // A short run is not decimated at all.
  const short = new MetricDecimator(5, 500);
  for (let i = 0; i < 5; i++) short.accept(i, { type: 'metrics', step: i, metrics: { loss: i }, time: i });
  assert.equal(short.finish().length, 5);
});
