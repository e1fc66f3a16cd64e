import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPanelMessage, MAX_MESSAGE_ROWS } from '../../src/webview/datasets/datasetPanelMessages';

const HASH = 'a'.repeat(64);

test('well-formed panel messages come back as typed messages, extra fields dropped', () => {
  assert.deepEqual(checkPanelMessage({ type: 'ready', extra: '<script>' }), { type: 'ready' });
  assert.deepEqual(checkPanelMessage({ type: 'rows', start: 0, count: 50 }), { type: 'rows', start: 0, count: 50 });
  assert.deepEqual(checkPanelMessage({ type: 'search', query: 'مرحبا', mode: 'normalized', code: '' }), { type: 'search', query: 'مرحبا', mode: 'normalized', code: undefined });
  assert.deepEqual(checkPanelMessage({ type: 'save', version: 'v1', edits: [{ line: 2, text: null, hash: HASH, more: 1 }] }),
    { type: 'save', version: 'v1', edits: [{ line: 2, text: null, hash: HASH }] });
  assert.deepEqual(checkPanelMessage({ type: 'preview', line: 4 }, 5), { type: 'preview', line: 4 });
  assert.deepEqual(checkPanelMessage({ type: 'reload', anchors: [{ line: 1, hash: HASH }] }), { type: 'reload', anchors: [{ line: 1, hash: HASH }] });
});

test('a bad line from openText, preview or an edit is an error naming the message, not a crash later', () => {
  for (const bad of [-1, 1.5, '3', null, undefined, Number.NaN]) {
    assert.throws(() => checkPanelMessage({ type: 'openText', line: bad }), /^Error: openText: line .* is not a line number$/);
  }
  assert.throws(() => checkPanelMessage({ type: 'preview', line: 5 }, 5), /preview: there is no line 6 \(the file has 5\)/);
  assert.throws(() => checkPanelMessage({ type: 'save', version: 'v1', edits: [{ line: -2, text: 'x', hash: HASH }] }), /save: line -2 is not a line number/);
});

test('malformed messages are refused with what is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /without a type/],
    ['rows', /without a type/],
    [{ type: 42 }, /without a type/],
    [{ type: 'delete-everything' }, /unknown message type "delete-everything"/],
    [{ type: 'rows', start: 0, count: MAX_MESSAGE_ROWS + 1 }, /rows: count .* is out of range/],
    [{ type: 'rows', start: 0, count: -1 }, /out of range/],
    [{ type: 'search', query: 7, mode: 'plain' }, /search: a query/],
    [{ type: 'search', query: 'x', mode: 'sql' }, /search: a query/],
    [{ type: 'save', edits: [] }, /save: the version the edits were made against is missing/],
    [{ type: 'save', version: 'v1', edits: 'all' }, /save: edits is not a list/],
    [{ type: 'save', version: 'v1', edits: [{ line: 1, text: 5, hash: HASH }] }, /save: an edit has no text/],
    [{ type: 'save', version: 'v1', edits: [{ line: 1, text: 'x' }] }, /save: undefined is not a line hash/],
    [{ type: 'save', version: 'v1', edits: [{ line: 1, text: 'x', hash: 'ABC' }] }, /is not a line hash/],
    [{ type: 'reload', anchors: [{ line: 0, hash: 'z'.repeat(64) }] }, /reload: .* is not a line hash/],
    [{ type: 'reload' }, /reload: anchors is not a list/],
  ];
  for (const [message, error] of cases) assert.throws(() => checkPanelMessage(message), error, JSON.stringify(message));
});
