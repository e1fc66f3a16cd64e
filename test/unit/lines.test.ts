import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iterateLines } from '../../src/core/formats/lines';

const lines = (text: string) => [...iterateLines(text)].map((l) => [l.index, l.start, l.text]);

test('LF, CRLF and a final line without newline', () => {
  assert.deepEqual(lines('a\r\nbc\nd'), [[0, 0, 'a'], [1, 3, 'bc'], [2, 6, 'd']]);
});
test('a trailing newline does not make an extra line; an empty text is one empty line', () => {
  assert.deepEqual(lines('a\n'), [[0, 0, 'a']]);
  assert.deepEqual(lines(''), [[0, 0, '']]);
  assert.deepEqual(lines('\n\n'), [[0, 0, ''], [1, 1, '']]);
});
