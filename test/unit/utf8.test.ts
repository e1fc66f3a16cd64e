/**
 * Lines that are not valid UTF-8: found at their first bad byte, at the column the editor shows U+FFFD
 * (UTF-16 units), and reported as "not valid UTF-8" by alw validate, the readers and curation, never as a
 * JSON syntax error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { byteName, findInvalidUtf8 } from '../../src/core/formats/utf8';
import type { DatasetProblem } from '../../src/core/diagnostics/diagnoseDataset';
import { validateFile } from '../../src/engine/datasets/validateFile';
import { readRecords } from '../../src/engine/formats/readRecords';
import { readCurationRecords } from '../../src/engine/curation/curationRecords';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

test('the first bad byte and its UTF-16 column: stray, truncated, overlong, surrogate, above U+10FFFF; valid text has none', () => {
  assert.equal(findInvalidUtf8(Buffer.from('{"text": "نص عربي 😀"}')), undefined);
  assert.deepEqual(findInvalidUtf8(bytes('{"text": "نص ', [0xff, 0xfe], '"}')), { offset: 15, byte: 0xff, column: 13 });
  assert.deepEqual(findInvalidUtf8(bytes('😀', [0x80])), { offset: 4, byte: 0x80, column: 2 }, 'an astral character counts two units');
  assert.deepEqual(findInvalidUtf8(bytes('ab', [0xd9])), { offset: 2, byte: 0xd9, column: 2 }, 'a sequence cut at the end: its lead byte');
  assert.deepEqual(findInvalidUtf8(bytes('a', [0xc3, 0x28])), { offset: 1, byte: 0xc3, column: 1 });
  assert.deepEqual(findInvalidUtf8(bytes('a', [0xc0, 0xaf])), { offset: 1, byte: 0xc0, column: 1 }, 'overlong two-byte form');
  assert.deepEqual(findInvalidUtf8(bytes('a', [0xe0, 0x80, 0xaf])), { offset: 1, byte: 0xe0, column: 1 }, 'overlong three-byte form');
  assert.deepEqual(findInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80])), { offset: 1, byte: 0xed, column: 1 }, 'a UTF-16 surrogate');
  assert.deepEqual(findInvalidUtf8(bytes('a', [0xf4, 0x90, 0x80, 0x80])), { offset: 1, byte: 0xf4, column: 1 }, 'above U+10FFFF');
  assert.deepEqual(findInvalidUtf8(bytes([0xef, 0xbb, 0xbf], 'x', [0xff])), { offset: 4, byte: 0xff, column: 1 }, 'a BOM is not counted');
  assert.equal(byteName(0x0a), 'byte 0x0A');
});

function badFile(): { file: string; lines: Buffer[] } {
  const lines = [
    Buffer.from('{"text": "نص عربي سليم"}'),
    bytes('{"text": "نص ', [0xff], ' عربي"}'), // 2: inside a string (JSON would parse it as U+FFFD)
    bytes([0xd9], '{"text": "x"}'), // 3: before the record (JSON would call it a syntax error)
  ];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'alw-utf8-')), 'bad.jsonl');
  writeFileSync(file, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
  return { file, lines };
}

/** 1-based column where the editor's text of a line (bad bytes decoded as U+FFFD) has its first U+FFFD. */
const editorColumn = (line: Buffer) => line.toString('utf8').indexOf('\uFFFD') + 1;

test('alw validate (validateFile) reports the line as not valid UTF-8 at the column the editor shows U+FFFD', async () => {
  const { file, lines } = badFile();
  const problems: DatasetProblem[] = [];
  await validateFile(file, (p) => problems.push(p), 'pretrain');
  assert.deepEqual(problems.map((p) => [p.range.start.line + 1, p.range.start.character + 1, p.code, p.message]), [
    [2, editorColumn(lines[1]), 'ALW001', 'Unreadable line: not valid UTF-8 (byte 0xFF)'],
    [3, 1, 'ALW001', 'Unreadable line: not valid UTF-8 (byte 0xD9)'],
  ]);
  assert.equal(editorColumn(lines[1]), 14);
});

test('the record readers (convert) and curation name the line, the column and the byte', async () => {
  const { file } = badFile();
  const read = [];
  for await (const source of readRecords(file)) read.push(source.error ? [source.line, source.error.column, source.error.message] : [source.line, 'ok']);
  assert.deepEqual(read, [[1, 'ok'], [2, 14, 'not valid UTF-8 (byte 0xFF)'], [3, 1, 'not valid UTF-8 (byte 0xD9)']]);
  const problems = [];
  for await (const line of readCurationRecords(file)) if (line.problem) problems.push(line.problem);
  assert.deepEqual(problems, [`${file}:2:14: the line is not valid UTF-8 (byte 0xFF)`, `${file}:3:1: the line is not valid UTF-8 (byte 0xD9)`]);
  assert.ok(!readFileSync(file).includes(Buffer.from('\uFFFD')), 'the file itself has no U+FFFD');
});
