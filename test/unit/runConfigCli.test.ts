/** `alw runs …` on a runs folder (dist/alw.js spawned): listing, refusing what cannot be done, deleting. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunInfo } from '../../src/protocol';

const alw = path.resolve(__dirname, '../../../dist/alw.js');

function runsFolderWith(state: RunInfo['state'], checkpoints: string[]): { runsDir: string; run: RunInfo } {
  const runsDir = mkdtempSync(path.join(tmpdir(), 'alw-runs-cli-'));
  const dir = path.join(runsDir, '20260101-120000-sft-abcd');
  for (const c of checkpoints) mkdirSync(path.join(dir, 'output', c), { recursive: true });
  mkdirSync(path.join(dir, 'output'), { recursive: true });
  const run: RunInfo = {
    id: path.basename(dir), dir, configPath: '/nowhere/sft.yaml', stage: 'sft', state, step: 7, totalSteps: 40, pid: null,
    startedAt: '2026-01-01T12:00:00.000Z', endedAt: '2026-01-01T12:01:00.000Z', command: 'python -m alw_trainer run …',
    lastCheckpoint: null, error: null,
  };
  writeFileSync(path.join(dir, 'status.json'), JSON.stringify(run));
  writeFileSync(path.join(dir, 'events.jsonl'), '');
  return { runsDir, run };
}

const cli = (...args: string[]) => spawnSync(process.execPath, [alw, ...args], { encoding: 'utf8' });

test('alw runs list shows state, step and checkpoints; --json gives RunInfo with the checkpoint folders', () => {
  const { runsDir, run } = runsFolderWith('cancelled', ['checkpoint-7', 'checkpoint-3']);
  const text = cli('runs', 'list', '--runs-dir', runsDir);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^${run.id}  cancelled  sft  step 7/40  2 checkpoints`));
  const json = JSON.parse(cli('runs', 'list', '--json', '--runs-dir', runsDir).stdout) as RunInfo[];
  assert.deepEqual(json[0].checkpoints, ['checkpoint-3', 'checkpoint-7'].map((c) => path.join(run.dir, 'output', c)));
});

test('alw runs resume refuses a run without checkpoints or with a foreign one, naming why', () => {
  const { runsDir, run } = runsFolderWith('failed', []);
  const none = cli('runs', 'resume', run.id, '--runs-dir', runsDir);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /has no checkpoint to resume from/);
  const foreign = cli('runs', 'resume', run.id, '--checkpoint', '/tmp/checkpoint-1', '--runs-dir', runsDir);
  assert.match(foreign.stderr, /\/tmp\/checkpoint-1 is not a checkpoint of run/);
  assert.equal(cli('runs', 'resume', '--runs-dir', runsDir).status, 2, 'a missing RUN_ID is a usage error');
});

test('alw runs delete removes a stopped run folder, and an unknown id is an error', () => {
  const { runsDir, run } = runsFolderWith('done', ['checkpoint-40']);
  const deleted = cli('runs', 'delete', run.id, '--runs-dir', runsDir);
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.ok(!existsSync(run.dir));
  const again = cli('runs', 'delete', run.id, '--runs-dir', runsDir);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /No run "20260101-120000-sft-abcd"/);
});

test('alw runs list shows a broken status.json as an unreadable run with its reason; the other runs still list', () => {
  const { runsDir, run } = runsFolderWith('cancelled', []);
  const broken = path.join(runsDir, '20260101-130000-sft-bad');
  mkdirSync(broken);
  writeFileSync(path.join(broken, 'status.json'), '{"state": "running", "pid": ');
  const text = cli('runs', 'list', '--runs-dir', runsDir);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^${run.id}  cancelled`, 'm'));
  assert.match(text.stdout, new RegExp(`^20260101-130000-sft-bad  unreadable\\n    ${broken}/status\\.json:1:\\d+: `, 'm'));
  const refused = cli('runs', 'delete', '20260101-130000-sft-bad', '--runs-dir', runsDir);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /cannot be deleted here/);
  assert.ok(existsSync(broken));
});
