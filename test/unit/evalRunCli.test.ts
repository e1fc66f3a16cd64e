/**
 * Issue 11, "Run evaluations", the parts that need no trainer answering `stage: eval`: an eval run resumes
 * without a checkpoint, `alw eval run`'s usage errors, and a run that cannot start leaves no folder behind.
 * (The eval run config itself is checked in runConfig.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resumeTarget } from '../../src/engine/runs/runGuards';
import type { RunInfo } from '../../src/protocol';

const root = path.resolve(__dirname, '../../..');
const shared = path.resolve(root, '../shared/benchmarks');
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });
const dir = mkdtempSync(path.join(tmpdir(), 'alw-eval-run-cli-'));
mkdirSync(path.join(dir, 'model'));

test('an eval run resumes where it stopped (no checkpoint to name)', () => {
  const info = { id: 'r', stage: 'eval', dir, pipeline: null } as unknown as RunInfo;
  assert.deepEqual(resumeTarget(info, [], undefined), { checkpoint: null });
  assert.throws(() => resumeTarget(info, [], path.join(dir, 'checkpoint-1')), /evaluation: it resumes where it stopped/);
  assert.throws(() => resumeTarget({ ...info, stage: 'sft' }, [], undefined), /no checkpoint to resume from/);
});

test('alw eval run: usage errors exit 2 and name the option', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--model', dir, '--data', dir], /needs --benchmark/],
    [['--benchmark', 'exams', '--data', dir], /needs --model/],
    [['--benchmark', 'exams', '--model', dir], /needs --data/],
    [['--benchmark', 'exams', '--model', path.join(dir, 'nope'), '--data', dir], /--model .*nope: no such folder/],
    [['--benchmark', 'exams', '--model', dir, '--data', dir, '--method', 'vote'], /--method must be generative, loglikelihood, both/],
    [['--benchmark', 'exams', '--model', dir, '--data', dir, '--split', 'dev', '--limit', '0'], /--limit takes a positive integer/],
    [['--benchmark', 'exams', '--model', dir, '--data', dir, '--split', 'nope'], /--split must be one of dev, test/],
    [['--resume'], /--resume needs the RUN_ID/],
  ];
  for (const [args, message] of cases) {
    const run = alw('eval', 'run', ...args, '--runs-dir', path.join(dir, 'runs'));
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  assert.match(alw('eval', 'run', '--benchmark', 'vicuna80-ar', '--model', dir, '--data', dir, '--runs-dir', path.join(dir, 'runs')).stderr, /judged .*alw eval run/);
});

test('a run that cannot start (no Python) leaves no run folder behind', { skip: !existsSync(path.join(shared, 'exams/dev.jsonl')) && 'no ../shared/benchmarks' }, () => {
  const runs = path.join(dir, 'runs-nopython');
  const run = alw('eval', 'run', '--benchmark', 'exams', '--model', path.join(dir, 'model'), '--data', shared, '--split', 'dev', '--limit', '1',
    '--runs-dir', runs, '--python', path.join(dir, 'no-python'));
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /The run cannot start/);
  assert.deepEqual(readdirSync(runs), []);
});
