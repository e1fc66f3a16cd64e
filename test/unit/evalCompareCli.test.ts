/**
 * Issue 11, uncertainty through the real CLI: `alw eval score` gives each score its bootstrap standard error
 * (deterministic, seeded), and `alw eval compare` scores two runs on their shared items with a paired
 * bootstrap interval and McNemar's exact test, saying plainly when a difference is not significant.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const benchmarks = path.resolve(root, '../shared/benchmarks');
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });
const dir = mkdtempSync(path.join(tmpdir(), 'alw-compare-'));
const TASKS = ['Islamic Studies', 'Science', 'Social', 'Biology', 'Physics'];

/** 25 EXAMs-style predictions (5 per subject, gold A), item i answered right when right(i). */
function run(name: string, right: (i: number) => boolean, drop: number[] = []): string {
  const file = path.join(dir, `${name}.jsonl`);
  const lines = Array.from({ length: 25 }, (_, i) => ({ id: `${TASKS[i % 5]}-${Math.floor(i / 5)}`, answer: 'A', response: right(i) ? 'A' : 'B' }));
  writeFileSync(file, lines.filter((_, i) => !drop.includes(i)).map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

function json(...args: string[]) {
  const result = alw(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('eval score --json: "stderr" next to "score", per task and group; the same every run, another with --seed', () => {
  const file = run('score', (i) => i % 3 !== 0);
  const scored = json('eval', 'score', '--benchmark', 'exams', '--predictions', file);
  assert.deepEqual(Object.keys(scored).slice(0, 5), ['benchmark', 'extraction', 'metric', 'score', 'stderr']);
  assert.deepEqual(scored.bootstrap, { resamples: 1000, seed: 1 });
  assert.ok(scored.stderr > 0.05 && scored.stderr < 0.15, `25 items near 2/3 right: about 0.09, got ${scored.stderr}`);
  for (const task of TASKS) assert.equal(typeof scored.tasks[task].stderr, 'number', task);
  assert.equal(typeof scored.groups.EXAMs.stderr, 'number');
  assert.deepEqual(json('eval', 'score', '--benchmark', 'exams', '--predictions', file), scored, 'seeded: identical output');
  const reseeded = json('eval', 'score', '--benchmark', 'exams', '--predictions', file, '--seed', '2', '--resamples', '500');
  assert.notEqual(reseeded.stderr, scored.stderr);
  assert.deepEqual(reseeded.bootstrap, { resamples: 500, seed: 2 });
  assert.equal(alw('eval', 'score', '--benchmark', 'exams', '--predictions', file, '--resamples', '1').status, 2);
  assert.equal(alw('eval', 'score', '--benchmark', 'exams', '--predictions', file, '--seed', '-3').status, 2);
});

test('eval compare: a 3-item difference on 25 EXAMs items is not significant (McNemar p = 0.375)', () => {
  // A right on 0..13 (14), B right on 4..14 (11): A only on 0..3 (4 items), B only on 14 (1 item).
  const a = run('a', (i) => i < 14);
  const b = run('b', (i) => i >= 4 && i < 15);
  const c = json('eval', 'compare', '--benchmark', 'exams', '--predictions', a, '--against', b);
  assert.equal(c.shared, 25);
  const close = (x: number, y: number, what: string) => assert.ok(Math.abs(x - y) < 1e-12, `${what}: ${x} vs ${y}`);
  close(c.scoreA, 0.56, 'EXAMs score: the mean of the subjects\' accuracies (0.6 × 4 and 0.4)');
  close(c.scoreB, 0.44, 'B');
  assert.equal(c.difference, c.scoreA - c.scoreB);
  assert.deepEqual(c.mcnemar, { aOnlyCorrect: 4, bOnlyCorrect: 1, p: 0.375 }, '2 · (1 + 5) / 32');
  assert.equal(c.significant, false);
  assert.ok(c.interval.low < 0 && c.interval.high > 0, JSON.stringify(c.interval));
  const text = alw('eval', 'compare', '--benchmark', 'exams', '--predictions', a, '--against', b);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^exams: accuracy on 25 shared items \(extraction arabic\)\n {2}A 0\.5600 {2}.*a\.jsonl\n {2}B 0\.4400 {2}.*b\.jsonl\n/);
  assert.match(text.stdout, /\nA − B: \+0\.1200 {2}95% interval −0\.\d{4} to \+0\.\d{4} \(paired bootstrap, 1000 resamples, seed 1\)\n/);
  assert.match(text.stdout, /\nMcNemar exact test: 4 items right only in A, 1 only in B, p = 0\.3750\n/);
  assert.match(text.stdout, /\nnot significant at 0\.05 \(McNemar p ≥ 0\.05\): do not read this difference as progress$/m);
});

test('eval compare: identical runs differ by 0 with p = 1; B right on 12 more of 24 is significant; unshared items left out', () => {
  const a = run('same', (i) => i % 2 === 0);
  const same = json('eval', 'compare', '--benchmark', 'exams', '--predictions', a, '--against', a);
  assert.equal(same.difference, 0);
  assert.deepEqual([same.interval.low, same.interval.high], [0, 0]);
  assert.deepEqual(same.mcnemar, { aOnlyCorrect: 0, bOnlyCorrect: 0, p: 1 });
  assert.equal(same.significant, false);

  // B right everywhere but item 0 (right in A): B only on the 12 odd items, A only on item 0 → b = 1, c = 12.
  const b = run('better', (i) => i !== 0, [24]);
  const c = json('eval', 'compare', '--benchmark', 'exams', '--predictions', a, '--against', b);
  assert.deepEqual([c.shared, c.onlyA, c.onlyB], [24, 1, 0]);
  assert.deepEqual(c.mcnemar, { aOnlyCorrect: 1, bOnlyCorrect: 12, p: 2 * 14 / 2 ** 13 });
  assert.equal(c.significant, true);
  const text = alw('eval', 'compare', '--benchmark', 'exams', '--predictions', a, '--against', b).stdout;
  assert.match(text, /\nnot compared: 1 items only in A, 0 only in B\n/);
  assert.match(text, /\nsignificant at 0\.05 \(McNemar p < 0\.05\)$/m);

  const twice = path.join(dir, 'twice.jsonl');
  writeFileSync(twice, readFileSync(a, 'utf8') + readFileSync(a, 'utf8').split('\n')[0] + '\n');
  const dup = alw('eval', 'compare', '--benchmark', 'exams', '--predictions', twice, '--against', a);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /twice\.jsonl:26:\d+: item id Islamic Studies-0 of task "Islamic Studies" again \(first at .*twice\.jsonl:1:\d+\)/);
  assert.equal(alw('eval', 'compare', '--benchmark', 'exams', '--predictions', a).status, 2, '--against is needed');
  assert.match(alw('help', 'eval').stdout, /alw eval compare --benchmark NAME\|FILE --predictions A --against B/);
});

test('eval compare on the real ACVA dev set (--data): macro-F1 decided by the bootstrap interval', { skip: !existsSync(path.join(benchmarks, 'acva/dev.jsonl')) && 'no ../shared/benchmarks' }, () => {
  const acva = readFileSync(path.join(benchmarks, 'acva/dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; answer: string });
  const write = (name: string, response: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, acva.map((r) => JSON.stringify({ id: r.id, response })).join('\n'));
    return file;
  };
  const yes = acva.filter((r) => r.answer === 'نعم').length;
  const no = acva.length - yes;
  const c = json('eval', 'compare', '--benchmark', 'acva', '--predictions', write('yes.jsonl', 'نعم'), '--against', write('no.jsonl', 'لا'), '--data', benchmarks, '--split', 'dev');
  assert.equal(c.shared, acva.length);
  assert.equal(c.scoreA, yes / (yes + acva.length), 'always yes: (2Y/(Y+n) + 0) / 2');
  assert.equal(c.scoreB, no / (no + acva.length));
  assert.equal(c.test, 'bootstrap-interval');
  assert.equal(c.mcnemar, undefined, 'McNemar is for accuracy');
  assert.equal(c.significant, c.interval.low > 0 || c.interval.high < 0);
});
