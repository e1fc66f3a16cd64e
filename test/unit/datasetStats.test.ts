import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DatasetStatsBuilder, histogram, recordLabel, recordText } from '../../src/core/datasets/datasetStats';

const root = path.resolve(__dirname, '../../..');

const MCQ = [
  { question: 'ما عاصمة مصر؟', A: 'القاهرة', B: 'دمشق', C: 'بغداد', D: 'تونس', answer: 'A' },
  { question: 'كم عدد أيام الأسبوع؟', A: '٥', B: '٧', C: '٩', D: '١٠', answer: 'b' },
  { question: 'ما عاصمة مصر؟', A: 'القاهرة', B: 'دمشق', C: 'بغداد', D: 'تونس', answer: 'A' },
  { question: 'Which planet is red?', A: 'Mars', B: 'Venus', C: 'Earth', D: 'Moon', answer: 'A' },
];

test('histogram: integer bins cover min..max; a fixed range gives equal bins with the maximum in the last', () => {
  assert.deepEqual(histogram([1, 2, 2, 3]), { edges: [1, 2, 3, 4], counts: [1, 2, 1] });
  const wide = histogram(Array.from({ length: 100 }, (_, i) => i));
  assert.equal(wide.counts.length, 20);
  assert.deepEqual([wide.edges[0], wide.edges[20]], [0, 100]);
  assert.ok(wide.counts.every((c) => c === 5));
  assert.deepEqual(histogram([0, 0.25, 1], 4, [0, 1]), { edges: [0, 0.25, 0.5, 0.75, 1], counts: [1, 1, 0, 1] });
  assert.deepEqual(histogram([]), { edges: [0, 1], counts: [0] });
});

test('record text by kind: turn contents without role names; mcq question, options and answer', () => {
  assert.equal(recordText('chat', { messages: [{ role: 'user', content: 'مرحبا' }, { role: 'assistant', content: 'أهلاً' }] }), 'مرحبا\n\nأهلاً');
  assert.equal(recordText('mcq', MCQ[0]), 'ما عاصمة مصر؟\n\nالقاهرة\n\nدمشق\n\nبغداد\n\nتونس\n\nA');
  assert.equal(recordText(undefined, { a: 'x', b: { c: ['y'] }, n: 3 }), 'x\ny');
  assert.equal(recordLabel('mcq', MCQ[1]), 'B');
  assert.equal(recordLabel('yesno', { question: 'هل؟', answer: 'نعم ' }), 'نعم');
  assert.equal(recordLabel('preference', { prompt: 'س', chosen: 'جواب طويل', rejected: 'قصير' }), 'chosen longer');
});

test('stats of a small mcq set: lengths, Arabic share, duplicates, label balance, problems and fertility', () => {
  // A tokenizer stand-in with a known count: one token per letter, so fertility = letters / words of Arabic records.
  const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;
  const builder = new DatasetStatsBuilder('mcq', letters);
  MCQ.forEach((record) => builder.add(record));
  builder.add(undefined, ['ALW001']);
  builder.add({ question: '', A: 'x', B: 'y', C: 'z', D: 'w', answer: 'C' }, ['ALW004', 'ALW004']);
  const stats = builder.result();
  assert.equal(stats.records, 5);
  assert.equal(stats.kind, 'mcq');
  assert.equal(stats.exactDuplicates, 1);
  assert.deepEqual(stats.labels, { A: 3, B: 1, C: 1 });
  assert.deepEqual(stats.problemsByCode, { ALW001: 1, ALW004: 2 });
  assert.equal(stats.words.counts.reduce((a, b) => a + b, 0), 5);
  assert.deepEqual([stats.words.edges[0], stats.words.edges.at(-1)], [5, 10]); // 8, 9, 8, 9, 5 words (the answer letter counts)
  assert.deepEqual(stats.arabicShare.counts, [2, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
  const arabic = MCQ.slice(0, 3).map((r) => recordText('mcq', r));
  const words = arabic.map((t) => t.split(/[\s؟]+/).filter((w) => /\p{L}|\p{Nd}/u.test(w)).length).reduce((a, b) => a + b, 0);
  assert.equal(stats.fertility, arabic.map(letters).reduce((a, b) => a + b, 0) / words);
  assert.deepEqual(stats.tokens?.counts.reduce((a, b) => a + b, 0), 5);
  assert.equal(new DatasetStatsBuilder('mcq').result().tokens, null);
});

test('alw stats prints a report, and the same statistics as JSON', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-stats-'));
  const file = path.join(dir, 'mcq.jsonl');
  writeFileSync(file, MCQ.map((r) => JSON.stringify(r)).join('\n') + '\n{"question": "ما؟", "A": \n');
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), 'stats', ...args], { encoding: 'utf8' });
  const text = run(file);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /4 records, kind mcq/);
  assert.match(text.stdout, /exact duplicates: 1/);
  assert.match(text.stdout, /labels: A 3, B 1/);
  assert.match(text.stdout, /problems: ALW001 1/);
  const json = JSON.parse(run(file, '--json').stdout);
  assert.equal(json.records, 4);
  assert.deepEqual(json.labels, { A: 3, B: 1 });
  assert.equal(json.tokens, null);
  assert.equal(run().status, 2);
});
