import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseArgs } from '../../src/cli/args';
import { commandLine } from '../../src/engine/runs/shellQuote';

const root = path.resolve(__dirname, '../../..');
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });

test('alw validate prints FILE:LINE:COLUMN problems and exits 1', () => {
  const result = alw('validate', path.join(root, 'samples/preferences.jsonl'));
  assert.equal(result.status, 1);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[2], /preferences\.jsonl:12:139: error ALW001 JSON syntax error/);
});

test('alw validate exits 0 on a clean file and 2 on bad usage', () => {
  const clean = alw('validate', '--kind', 'pretrain', path.join(root, 'test/fixtures/clean-pretrain.jsonl'));
  assert.equal(clean.status, 0, clean.stderr);
  assert.equal(clean.stdout, '');
  assert.equal(alw('validate').status, 2);
  assert.equal(alw('nonsense').status, 2);
  assert.match(alw('--help').stdout, /alw validate FILE/);
});

test('argument parsing and shell quoting', () => {
  const args = parseArgs(['a', '--x', '1', '--json', '--y=2', 'b'], new Set(['json']));
  assert.deepEqual(args.positional, ['a', 'b']);
  assert.deepEqual([...args.options], [['x', '1'], ['json', true], ['y', '2']]);
  assert.equal(commandLine(['/usr/bin/python', '-m', 'x', "it's here"]), `/usr/bin/python -m x 'it'\\''s here'`);
});
