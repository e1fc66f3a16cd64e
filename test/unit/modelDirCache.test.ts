/**
 * The engine's per-folder model cache. The loader is the cache's own seam (the engine passes RewardScorer.load
 * or PolicyGenerator.load, tested with real ONNX models in test/engine/generate.test.ts); here it hands out
 * plain objects that record their release, so the test can see when a replaced session is let go.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ModelDirCache } from '../../src/engine/scoring/rewardScorer';

class Loaded {
  released = false;
  constructor(readonly generation: number) {}
  async release(): Promise<void> {
    this.released = true;
  }
}

function exported(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-models-'));
  writeFileSync(path.join(dir, 'model.onnx'), 'graph');
  return dir;
}

function reExport(dir: string, secondsLater: number): void {
  const time = new Date(Date.now() + secondsLater * 1000);
  utimesSync(path.join(dir, 'model.onnx'), time, time);
}

test('one model per folder while model.onnx is unchanged; a re-export loads a new one and releases the old', async () => {
  const dir = exported();
  const loads: Loaded[] = [];
  const cache = new ModelDirCache(async () => { const m = new Loaded(loads.length); loads.push(m); return m; });
  assert.equal(await cache.use(dir, async (m) => m.generation), 0);
  assert.equal(await cache.use(dir, async (m) => m.generation), 0);
  assert.equal(loads.length, 1);
  reExport(dir, 60);
  assert.equal(await cache.use(dir, async (m) => m.generation), 1);
  assert.equal(loads[0].released, true, 'the replaced session is released');
  assert.equal(loads[1].released, false, 'the current one is kept');
});

test('a model still in use when it is replaced is released only after that request settles', async () => {
  const dir = exported();
  const loads: Loaded[] = [];
  const cache = new ModelDirCache(async () => { const m = new Loaded(loads.length); loads.push(m); return m; });
  let finish!: () => void;
  const slow = cache.use(dir, (m) => new Promise<number>((resolve) => { finish = () => resolve(m.generation); }));
  await new Promise((r) => setImmediate(r));
  reExport(dir, 60);
  assert.equal(await cache.use(dir, async (m) => m.generation), 1);
  assert.equal(loads[0].released, false, 'not released under a running request');
  finish();
  assert.equal(await slow, 0);
  assert.equal(loads[0].released, true);
});

test('a folder that fails to load is retried on the next request', async () => {
  const dir = exported();
  let attempts = 0;
  const cache = new ModelDirCache(async () => {
    if (attempts++ === 0) throw new Error('model.onnx is missing');
    return new Loaded(attempts);
  });
  await assert.rejects(cache.use(dir, async () => 0), /missing/);
  assert.equal(await cache.use(dir, async (m) => m.generation), 2);
});
