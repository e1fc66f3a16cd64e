/** Preference review core: the pair key, the labels journal (merge, retraction, annotators), the blind shuffle. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { shownOrder, slotChoice } from '../../src/core/preferences/blindShuffle';
import {
  choiceFor, journalLine, mergeLabels, readJournal, type JournalEntry, type LabelRecord,
} from '../../src/core/preferences/labelsJournal';
import { pairHash, responseHash, sha256Hex } from '../../src/core/preferences/pairHash';
import { reviewPairsOfText } from '../../src/core/preferences/reviewPairs';

test('sha256Hex is SHA-256 of the UTF-8 bytes (Arabic, empty, block-boundary lengths)', () => {
  for (const text of ['', 'abc', 'ما هي عاصمة مصر؟', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), '😀'.repeat(40)]) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), JSON.stringify(text.slice(0, 10)));
  }
});

test('the pair key ignores the responses\' order and line endings, and changes with any text', () => {
  const key = pairHash('ما عاصمة مصر؟', 'القاهرة', 'الإسكندرية');
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(pairHash('ما عاصمة مصر؟', 'الإسكندرية', 'القاهرة'), key);
  assert.equal(pairHash('ما عاصمة مصر؟\r\n', 'القاهرة', ' الإسكندرية'), key);
  assert.notEqual(pairHash('ما عاصمة مصر؟', 'القاهرة.', 'الإسكندرية'), key);
  assert.notEqual(pairHash('ما عاصمة مصر', 'القاهرة', 'الإسكندرية'), key);
  // Field boundaries are part of the key: moving text between prompt and a response is another pair.
  assert.notEqual(pairHash('a', 'bc', 'd'), pairHash('ab', 'c', 'd'));
});

test('pairs keep their key when the file is reordered, chosen/rejected swapped or other lines edited', () => {
  const one = JSON.stringify({ prompt: 'س١', chosen: 'ج١', rejected: 'ر١' });
  const two = JSON.stringify({ prompt: 'س٢', chosen: 'ج٢', rejected: 'ر٢' });
  const before = reviewPairsOfText(`${one}\n${two}\n`, 'p.jsonl').pairs;
  const after = reviewPairsOfText(`${JSON.stringify({ prompt: 'س٢', chosen: 'ر٢', rejected: 'ج٢' })}\n{"prompt":"new","chosen":"x","rejected":"y"}\n${one}\n`, 'p.jsonl').pairs;
  assert.equal(after.find((p) => p.prompt === 'س١')!.hash, before[0].hash);
  assert.equal(after.find((p) => p.prompt === 'س٢')!.hash, before[1].hash);
  assert.equal(after.find((p) => p.prompt === 'س١')!.line, 3);
});

test('a ranked record gives K(K-1)/2 pairs with the record values; bad lines are named at FILE:LINE:COLUMN', () => {
  const text = `${JSON.stringify({ prompt: 'س', responses: ['a', [{ role: 'assistant', content: 'b' }], 'c'] })}\n{oops\n{"prompt":"س"}\n`;
  const { pairs, problems } = reviewPairsOfText(text, 'r.jsonl');
  assert.deepEqual(pairs.map((p) => [p.first, p.second]), [['a', 'b'], ['a', 'c'], ['b', 'c']]);
  assert.deepEqual(pairs[0].values.second, [{ role: 'assistant', content: 'b' }]);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^r\.jsonl:2:1: not valid JSON/);
  assert.match(problems[1], /^r\.jsonl:3:1: /);
});

const P1 = pairHash('p1', 'a', 'b');
const P2 = pairHash('p2', 'c', 'd');
function label(pair: string, annotator: string, at: string, choice: LabelRecord['choice'], first = responseHash('a')): LabelRecord {
  return { v: 1, pair, annotator, at, choice, first, shown: 'ab', seed: annotator, blind: true };
}

test('the latest record per (pair, annotator) wins, by time, file order breaking ties', () => {
  const entries: JournalEntry[] = [
    label(P1, 'salma', '2026-12-04T10:00:00.000Z', 'first'),
    label(P1, 'salma', '2026-12-04T10:05:00.000Z', 'second'),
    // Written later in the file but earlier in time (a merged journal from another machine): it loses.
    label(P1, 'salma', '2026-12-04T10:01:00.000Z', 'tie'),
    label(P2, 'salma', '2026-12-04T10:02:00.000Z', 'tie'),
    label(P2, 'salma', '2026-12-04T10:02:00.000Z', 'both-bad'),
  ];
  const merged = mergeLabels(entries);
  assert.deepEqual(merged.map((l) => [l.pair, l.choice]), [[P1, 'second'], [P2, 'both-bad']]);
});

test('a retraction leaves the pair unlabelled for that annotator only; a later label counts again', () => {
  const entries: JournalEntry[] = [
    label(P1, 'salma', '2026-12-04T10:00:00.000Z', 'first'),
    label(P1, 'omar', '2026-12-04T10:00:30.000Z', 'second'),
    { v: 1, pair: P1, annotator: 'salma', at: '2026-12-04T10:01:00.000Z', retracted: true },
  ];
  assert.deepEqual(mergeLabels(entries).map((l) => [l.annotator, l.choice]), [['omar', 'second']]);
  entries.push(label(P1, 'salma', '2026-12-04T10:02:00.000Z', 'tie'));
  assert.deepEqual(mergeLabels(entries).map((l) => [l.annotator, l.choice]).sort(), [['omar', 'second'], ['salma', 'tie']]);
});

test('the journal reads back what was written; a line cut short by a crash and foreign lines are named and skipped', () => {
  const good = [label(P1, 'salma', '2026-12-04T10:00:00.000Z', 'first'), { v: 1 as const, pair: P1, annotator: 'salma', at: '2026-12-04T10:01:00.000Z', retracted: true as const }];
  const text = good.map(journalLine).join('') + '{"v":1,"pair":"abc"}\n' + '{"v":1,"pair":"' + P2.slice(0, 10);
  const { entries, problems } = readJournal(text, '.alw/labels/p.labels.jsonl');
  assert.deepEqual(entries, good);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^\.alw\/labels\/p\.labels\.jsonl:3:1: "pair" is not a pair hash/);
  assert.match(problems[1], /^\.alw\/labels\/p\.labels\.jsonl:4:1: not valid JSON/);
});

test('a label names its response by hash, so it reads right for the pair in either order', () => {
  const l = label(P1, 'salma', '2026-12-04T10:00:00.000Z', 'first', responseHash('a'));
  assert.equal(choiceFor(l, 'a'), 'first');
  assert.equal(choiceFor(l, 'b'), 'second');
  assert.equal(choiceFor({ ...l, choice: 'tie' }, 'b'), 'tie');
});

test('the blind shuffle is a pure function of seed and pair, and shows both layouts across pairs', () => {
  const keys = Array.from({ length: 64 }, (_, i) => pairHash(`p${i}`, 'a', 'b'));
  const draws = keys.map((k) => shownOrder('salma', k));
  assert.deepEqual(keys.map((k) => shownOrder('salma', k)), draws);
  const ab = draws.filter((d) => d === 'ab').length;
  assert.ok(ab > 16 && ab < 48, `ab ${ab} of 64`);
  assert.notDeepEqual(keys.map((k) => shownOrder('omar', k)), draws);
  assert.equal(slotChoice('A', 'ab'), 'first');
  assert.equal(slotChoice('A', 'ba'), 'second');
  assert.equal(slotChoice('B', 'ba'), 'first');
});
