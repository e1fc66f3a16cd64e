/**
 * Temporary files of a curation run or save that was killed (SIGKILL: no cleanup ran) are recognised by their
 * name (`<target>.tmp-<pid>…`) and a pid that no longer runs, and removed by the next run into the same
 * target; a live process's, and files that only look alike, are left alone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { removeStaleTemps } from '../../src/engine/shared/atomicWrite';
import { runCuration } from '../../src/engine/curation/runner';
import { arabicRecords, tempDir, testContext } from './curateTexts';

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

test('removeStaleTemps removes a dead process\'s temporary files beside the target and nothing else', () => {
  const dir = tempDir();
  const target = path.join(dir, 'out.jsonl');
  const dead = deadPid();
  const names = [
    `out.jsonl.tmp-${dead}-ab12cd`, `out.jsonl.tmp-${dead}`, `out.jsonl.tmp-${dead}.jsonl`, // AtomicOutput, normalizeFile, Parquet staging
    `out.jsonl.tmp-${process.pid}-xyz`, // a run still going
    `out.jsonl.tmp-notes`, `other.jsonl.tmp-${dead}`, 'out.jsonl',
  ];
  for (const name of names) writeFileSync(path.join(dir, name), 'x');
  assert.deepEqual(removeStaleTemps(target).sort(), names.slice(0, 3).sort());
  assert.deepEqual(readdirSync(dir).sort(), names.slice(3).sort());
});

test('the next curation run into a target removes what a killed run left there', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'in.jsonl');
  writeFileSync(input, arabicRecords(10).join('\n') + '\n');
  const dead = deadPid();
  writeFileSync(path.join(dir, `out.jsonl.tmp-${dead}-k1ll3d`), '{"text":"half');
  writeFileSync(path.join(dir, `norm.jsonl.tmp-${dead}`), '{"text":"half');
  await runCuration({ operation: 'dedup', inputs: [input], output: path.join(dir, 'out.jsonl'), options: {} }, testContext().context);
  await runCuration({ operation: 'normalize', inputs: [input], output: path.join(dir, 'norm.jsonl'), options: {} }, testContext().context);
  assert.deepEqual(readdirSync(dir).sort(), ['in.jsonl', 'norm.jsonl', 'out.jsonl']);
});
