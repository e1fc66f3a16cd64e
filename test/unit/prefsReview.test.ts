/**
 * The review behind the Preference Review panel, on real files: labels by shown slot land in the journal at
 * once, undo appends (never rewrites), a reopened review reads the labels back, the dataset is never
 * touched; and the host's check of webview messages.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { shownOrder } from '../../src/core/preferences/blindShuffle';
import { findDatasetFiles } from '../../src/engine/datasets/datasetList';
import { isDatasetDocument } from '../../src/core/diagnostics/datasetDiagnostic';
import { besideJudgeReport, labelsJournalPath } from '../../src/engine/preferences/labelsFiles';
import { PreferenceReview } from '../../src/extension/preferences/preferenceReview';
import { checkPreferenceMessage } from '../../src/webview/preferences/preferenceMessages';

const dir = mkdtempSync(path.join(tmpdir(), 'alw-prefs-review-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'prefs.jsonl');
const text = [
  { prompt: 'ما عاصمة مصر؟', chosen: 'القاهرة.', rejected: 'الرباط.', dialect: 'msa' },
  { prompt: [{ role: 'user', content: 'كيف حالك؟' }], chosen: [{ role: 'assistant', content: 'بخير.' }], rejected: [{ role: 'assistant', content: 'لا.' }] },
  { prompt: 'سمِّ كوكباً', responses: ['المريخ', 'القمر', 'الشمس'] },
].map((r) => JSON.stringify(r)).join('\n') + '\n';
writeFileSync(dataset, text);
const journal = labelsJournalPath(dir, dataset);

test('the journal sits under .alw/labels, named after the dataset; the report beside it', () => {
  assert.equal(journal, path.join(dir, '.alw', 'labels', 'prefs.labels.jsonl'));
  assert.equal(besideJudgeReport(dataset), path.join(dir, 'prefs.judge-report.jsonl'));
});

test('labels by shown slot are written at once in the pair\'s terms; undo appends; reopening reads them back', () => {
  const review = PreferenceReview.open(dataset, journal, 'salma');
  assert.equal(review.pairs.length, 5, '1 + 1 + 3 pairs');
  const [p1, p2, p3] = review.pairs;
  const slotOfFirst = shownOrder('salma', p1.hash) === 'ab' ? 'A' : 'B';
  review.labelSlot(p1.hash, slotOfFirst, { note: 'الأولى صحيحة', flags: ['factual'], blind: true });
  let lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 1, 'written before labelSlot returned');
  assert.equal(lines[0].choice, 'first');
  assert.equal(lines[0].shown, shownOrder('salma', p1.hash));
  assert.equal(lines[0].seed, 'salma');
  assert.equal(lines[0].annotator, 'salma');
  assert.deepEqual(lines[0].flags, ['factual']);
  assert.equal(lines[0].source, 'prefs.jsonl:1');
  review.labelSlot(p2.hash, 'tie');
  review.labelSlot(p2.hash, 'both-bad');
  review.labelSlot(p3.hash, 'A');
  assert.equal(review.undo(), p3.hash);
  assert.equal(review.undo(), p2.hash);
  lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 6, 'append-only: 4 labels, a retraction, the replaced label again');
  assert.equal(lines[4].retracted, true);
  assert.equal(lines[5].choice, 'tie');
  assert.deepEqual(review.myLabels(), {
    [p1.hash]: { choice: 'first', note: 'الأولى صحيحة', flags: ['factual'] },
    [p2.hash]: { choice: 'tie', note: '', flags: [] },
  });
  const again = PreferenceReview.open(dataset, journal, 'salma');
  assert.deepEqual(again.myLabels(), review.myLabels());
  assert.deepEqual(PreferenceReview.open(dataset, journal, 'omar').myLabels(), {}, 'another annotator starts unlabelled');
  assert.equal(readFileSync(dataset, 'utf8'), text, 'the dataset is never modified');
});

test('the labels journal is neither listed in the Datasets view nor diagnosed as a dataset', () => {
  const listed = findDatasetFiles(dir).map((f) => path.relative(dir, f));
  assert.ok(listed.includes('prefs.jsonl'), listed.join(', '));
  assert.ok(!listed.some((f) => f.includes('labels')), listed.join(', '));
  assert.equal(isDatasetDocument(`file://${journal}`), false);
});

test('the panel pairs carry the record\'s own values and other fields; the export refuses to overwrite the dataset', () => {
  const review = PreferenceReview.open(dataset, journal, 'salma');
  const shown = review.panelPairs();
  assert.deepEqual(shown[0].fields, [['dialect', 'msa']]);
  assert.deepEqual(shown[1].prompt, [{ role: 'user', content: 'كيف حالك؟' }]);
  assert.equal(shown[2].raw, text.split('\n')[2]);
  assert.throws(() => review.exportTo(dataset, { keepTies: true, keepBothBad: true }), /must not overwrite/);
  const counts = review.exportTo(path.join(dir, 'reviewed.jsonl'), { keepTies: false, keepBothBad: false });
  assert.deepEqual([counts.written, counts.tie, counts.unreviewed], [1, 1, 3]);
});

test('webview messages are checked: unknown pairs, choices, flags and lines are refused with a reason', () => {
  const hashes = new Set(['a'.repeat(64)]);
  const ok = { type: 'label', hash: 'a'.repeat(64), slot: 'A', note: '', flags: ['safety', 'safety'], blind: true };
  assert.deepEqual(checkPreferenceMessage(ok, hashes, 3), { ...ok, flags: ['safety'] });
  assert.throws(() => checkPreferenceMessage({ ...ok, hash: 'b'.repeat(64) }, hashes, 3), /not a pair of this file/);
  assert.throws(() => checkPreferenceMessage({ ...ok, slot: 'first' }, hashes, 3), /one of A, B, tie, both-bad/);
  assert.throws(() => checkPreferenceMessage({ ...ok, flags: ['<img>'] }, hashes, 3), /flags must be/);
  assert.throws(() => checkPreferenceMessage({ ...ok, blind: 'yes' }, hashes, 3), /blind/);
  assert.throws(() => checkPreferenceMessage({ type: 'openSource', line: 4 }, hashes, 3), /no line 4/);
  assert.throws(() => checkPreferenceMessage({ type: 'export', keepTies: 1, keepBothBad: false }, hashes, 3), /keepTies/);
  assert.throws(() => checkPreferenceMessage({ type: 'nope' }, hashes, 3), /unknown message type/);
  assert.throws(() => checkPreferenceMessage(null, hashes, 3), /without a type/);
});
