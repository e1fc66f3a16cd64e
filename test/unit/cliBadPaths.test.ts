/**
 * `alw` given a directory, or a missing file, where it needs a file: a plain message (no EISDIR stack), exit
 * code 2 for usage mistakes, and nothing written — checked before any work starts. And `alw run --check`
 * (and alw validate on a run config) naming a bad run-config value at its FILE:LINE:COLUMN.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });

function workspace(): { dir: string; data: string; folder: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-bad-paths-'));
  const data = path.join(dir, 'a.jsonl');
  writeFileSync(data, '{"text": "نص عربي للتجربة"}\n{"text": "نص عربي للتجربة"}\n');
  const folder = path.join(dir, 'folder');
  mkdirSync(folder);
  return { dir, data, folder };
}

test('a directory given as the input file: "is a directory, not a file", exit 2, nothing written', () => {
  const { dir, data, folder } = workspace();
  const out = path.join(dir, 'out.jsonl');
  for (const args of [
    ['dedup', folder, '--output', out],
    ['dedup', folder, '--near', '--output', out],
    ['normalize', folder],
    ['filter', folder, '--output', out],
    ['split', folder, '--output', path.join(dir, 'parts')],
    ['convert', folder, '--output', out],
    ['stats', folder],
    ['decontaminate', data, '--eval', folder, '--output', out],
    ['recipe', 'run', folder, '--input', data, '--output', out],
  ]) {
    const result = alw(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.ok(result.stderr.includes(`${folder} is a directory, not a file`), `${args.join(' ')}: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /EISDIR/);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['a.jsonl', 'folder']);
});

test('a directory given as a file to write (output, report, recipe): refused before the work, nothing written', () => {
  const { dir, data, folder } = workspace();
  const out = path.join(dir, 'out.jsonl');
  for (const [args, prefix] of [
    [['dedup', data, '--output', folder], ''],
    [['dedup', data, '--near', '--output', folder], ''],
    [['normalize', data, '--output', folder], ''],
    [['filter', data, '--output', folder], ''],
    [['dedup', data, '--output', out, '--report', folder], 'report: '],
    [['dedup', data, '--output', out, '--record', folder], 'recipe: '],
  ] as const) {
    const result = alw(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.ok(result.stderr.includes(`${prefix}${folder} is a directory: name a file to write`), `${args.join(' ')}: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /EISDIR/);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['a.jsonl', 'folder']);
  assert.deepEqual(readdirSync(folder), []);
});

test('alw validate and alw run on a directory or a missing file say which', () => {
  const { dir, folder } = workspace();
  const validate = alw('validate', folder, path.join(dir, 'gone.jsonl'));
  assert.equal(validate.status, 1);
  assert.deepEqual(validate.stderr.trim().split('\n'), [`${folder}: cannot read: it is a directory, not a file`, `${path.join(dir, 'gone.jsonl')}: cannot read: no such file`]);
  assert.match(alw('run', folder, '--check').stderr, new RegExp(`^alw run: ${folder} is a directory, not a file\n$`));
  assert.match(alw('run', path.join(dir, 'gone.yaml')).stderr, /^alw run: no such file: .*gone\.yaml\n$/);
});

test('alw run --check names training.max_steps: -3 at FILE:LINE:COLUMN and starts nothing; a good config passes', () => {
  const { dir, data } = workspace();
  const config = path.join(dir, 'run.yaml');
  const text = (steps: string) => `stage: pretrain\nmodel: {path: model, create_tiny_if_missing: true}\ndata: {train: ${path.basename(data)}}\ntraining:\n  max_steps: ${steps}\n`;
  writeFileSync(config, text('-3'));
  const bad = alw('run', config, '--check', '--runs-dir', path.join(dir, 'runs'));
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, `${config}:5:14: error training.max_steps: must be -1 or >= 1\n`);
  const started = alw('run', config, '--runs-dir', path.join(dir, 'runs'));
  assert.equal(started.status, 1);
  assert.equal(started.stderr, `${config}:5:14: error training.max_steps: must be -1 or >= 1\n`, 'the same check stops a run before it starts');
  writeFileSync(config, text('-1'));
  const good = alw('run', config, '--check');
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stderr, `${config}: no errors\n`);
  assert.deepEqual(readdirSync(dir).sort(), ['a.jsonl', 'folder', 'run.yaml']);
  writeFileSync(config, text('0'));
  const validated = alw('validate', config);
  assert.equal(validated.status, 1);
  assert.equal(validated.stdout, `${config}:5:14: error training.max_steps: must be -1 or >= 1\n`, 'alw validate checks a run config the same way');
});
