/** File paths from editor URIs: percent-encoding decoded (Arabic names, spaces), in POSIX and Windows form. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filePathOf, isFileUri } from '../../src/engine/shared/fileUri';

test('a percent-encoded POSIX file URI becomes the real path', () => {
  const uri = 'file:///tmp/%D9%85%D8%B4%D8%B1%D9%88%D8%B9%20%D8%AA%D8%AC%D8%B1%D9%8A%D8%A8%D9%8A/data.jsonl';
  assert.equal(filePathOf(uri, { windows: false }), '/tmp/مشروع تجريبي/data.jsonl');
});

test('a Windows file URI with a drive letter becomes a Windows path', () => {
  assert.equal(filePathOf('file:///C:/Users/%D9%85%D8%B4/x%20y', { windows: true }), 'C:\\Users\\مش\\x y');
  assert.equal(filePathOf('file:///c%3A/Users/%D9%85%D8%B4/data.jsonl', { windows: true }), 'c:\\Users\\مش\\data.jsonl');
});

test('a plain path is returned as it is; only file: URIs count as URIs', () => {
  assert.equal(filePathOf('/tmp/مشروع تجريبي/a%20b.jsonl'), '/tmp/مشروع تجريبي/a%20b.jsonl');
  assert.equal(isFileUri('FILE:///tmp/x'), true);
  assert.equal(isFileUri('untitled:Untitled-1'), false);
  assert.equal(isFileUri('C:\\data\\x.jsonl'), false);
});
