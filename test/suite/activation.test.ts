import * as assert from 'node:assert/strict';
import { api, extension, withTimeout } from './helpers';

suite('Activation', () => {
  test('activate() returns quickly, without waiting for the engine', async () => {
    const ext = extension();
    const started = Date.now();
    const value = await withTimeout(ext.activate(), 10_000, 'activate()');
    const ms = Date.now() - started;
    assert.ok(ext.isActive, 'extension is active');
    assert.ok(ms < 5_000, `activate() took ${ms} ms; it must not wait for the engine`);
    assert.equal(typeof value?.whenEngineReady, 'function', 'activate() returns { whenEngineReady() }');
  });

  test('the engine becomes ready (whenEngineReady resolves)', async () => {
    const workbench = await api();
    await withTimeout(workbench.whenEngineReady(), 45_000, 'whenEngineReady()');
  });
});
