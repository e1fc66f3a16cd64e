import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeFile } from '../../src/engine/datasets/normalizeFile';

const root = path.resolve(__dirname, '../../..');

test('only changed records are rewritten; untouched, blank and broken lines keep their bytes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-normalize-'));
  const source = path.join(dir, 'data.jsonl');
  const lines = [
    '{"text" :  "مدرسة جميلة"}',                      // already normalized, odd spacing: kept as is
    '{"text": "العربيـــة ﻻ تموت\u200f"}',             // tatweel, presentation form, bidi mark: changed
    '',
    '{"text": "broken"',                                // not JSON: copied
    '{"messages": [{"role": "user", "content": "یک  سؤال"}]}', // Persian yeh and kaf, double space: changed
  ];
  const original = lines.join('\r\n') + '\r\n';
  writeFileSync(source, original);
  const target = path.join(dir, 'out.jsonl');
  const result = await normalizeFile(source, target, 'safe');
  assert.deepEqual(result, { records: 3, changed: 2, brokenLines: [4], notUtf8: [] });
  const out = readFileSync(target, 'utf8').split('\r\n');
  assert.equal(out[0], lines[0]);
  assert.equal(JSON.parse(out[1]).text, 'العربية لا تموت');
  assert.equal(out[2], '');
  assert.equal(out[3], lines[3]);
  assert.equal(JSON.parse(out[4]).messages[0].content, 'يك سؤال', 'hamza form kept by the safe profile');
  assert.equal(out[5], '', 'the final line ending is kept');
  assert.equal(readFileSync(source, 'utf8'), original, 'the source is untouched');
  assert.deepEqual(readdirSync(dir).sort(), ['data.jsonl', 'out.jsonl'], 'no temporary file left');
});

test('a file without a final newline gets none; match profile unifies alef and drops diacritics', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-normalize-'));
  const source = path.join(dir, 'a.jsonl');
  writeFileSync(source, '{"text": "أَحْمَد"}');
  await normalizeFile(source, path.join(dir, 'b.jsonl'), 'match');
  assert.equal(readFileSync(path.join(dir, 'b.jsonl'), 'utf8'), '{"text":"احمد"}');
});

test('alw normalize never replaces the source unless told to', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-normalize-'));
  const source = path.join(dir, 'c.jsonl');
  writeFileSync(source, '{"text": "ﻻ"}\n');
  const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), 'normalize', ...args], { encoding: 'utf8' });
  assert.equal(alw(source, '--out', source).status, 2);
  assert.equal(readFileSync(source, 'utf8'), '{"text": "ﻻ"}\n');
  assert.equal(alw(source).status, 0);
  assert.ok(existsSync(path.join(dir, 'c.normalized.jsonl')));
  assert.equal(alw(source, '--in-place').status, 0);
  assert.equal(readFileSync(source, 'utf8'), '{"text":"لا"}\n');
});

test('invalid UTF-8 in a line that is not rewritten survives byte for byte', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-normalize-'));
  const source = path.join(dir, 'bad.jsonl');
  const bytes = Buffer.concat([Buffer.from('{"text": "ok"}\n{"text": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
  writeFileSync(source, bytes);
  await normalizeFile(source, path.join(dir, 'out.jsonl'), 'safe');
  assert.ok(readFileSync(path.join(dir, 'out.jsonl')).equals(bytes));
});

test('a record that needs normalizing but holds invalid UTF-8 is refused: copied byte for byte, reported with its line, no U+FFFD', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-normalize-'));
  const source = path.join(dir, 'bad.jsonl');
  // Line 2 has a presentation form (ﻻ) and tatweel the safe profile rewrites, and a byte 0xFF.
  const bad = Buffer.concat([Buffer.from('{"text": "العربيـــة ﻻ '), Buffer.from([0xff]), Buffer.from(' تموت"}')]);
  const bytes = Buffer.concat([Buffer.from('{"text": "ﻻ"}\n'), bad, Buffer.from('\n')]);
  writeFileSync(source, bytes);
  const target = path.join(dir, 'out.jsonl');
  const result = await normalizeFile(source, target, 'safe');
  assert.deepEqual(result, { records: 1, changed: 1, brokenLines: [], notUtf8: [{ line: 2, column: 24, byte: 0xff }] });
  const out = readFileSync(target);
  assert.ok(out.subarray(out.indexOf(10) + 1).equals(Buffer.concat([bad, Buffer.from('\n')])), 'line 2 byte for byte');
  assert.equal(out.subarray(0, out.indexOf(10)).toString('utf8'), '{"text":"لا"}', 'the valid line is normalized');
  assert.ok(!out.includes(Buffer.from('\uFFFD')), 'no U+FFFD written');
  assert.equal(bad.toString('utf8').indexOf('\uFFFD') + 1, 24, 'column 24 is where the editor shows the bad byte');
  const cli = spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), 'normalize', source, '--out', path.join(dir, 'cli.jsonl')], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stderr, new RegExp(`normalize brokenLines: ${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:24: not valid UTF-8 \\(byte 0xFF\\), copied unchanged`));
});
