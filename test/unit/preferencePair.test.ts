import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preferencePairOf } from '../../src/core/preferences/preferencePair';
import { preferencePair } from '../../src/engine/datasets/records';

test('text and chat-form preference records give the same plain-text pair', () => {
  const text = { prompt: 'س', chosen: 'ج١', rejected: 'ج٢' };
  assert.deepEqual(preferencePairOf(text), text);
  const chat = {
    prompt: [{ role: 'user', content: 'س' }],
    chosen: [{ role: 'user', content: 'س' }, { role: 'assistant', content: 'ج١' }],
    rejected: [{ role: 'assistant', content: [{ type: 'text', text: 'ج٢' }] }],
  };
  assert.deepEqual(preferencePairOf(chat), text);
});

test('a record without both responses is no pair; the engine says what is missing and where', () => {
  assert.equal(preferencePairOf({ prompt: 'س', chosen: 'ج', rejected: ' ' }), undefined);
  assert.equal(preferencePairOf([1]), undefined);
  assert.throws(() => preferencePair({ prompt: 'س', chosen: 'ج' }, 'p.jsonl:10'), /p\.jsonl:10: .*no rejected/);
});
