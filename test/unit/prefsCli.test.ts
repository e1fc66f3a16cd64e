/** `alw prefs agreement` and `alw prefs export` end to end: the real CLI (dist/alw.js) on real files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { journalLine, type JournalEntry, type LabelRecord } from '../../src/core/preferences/labelsJournal';
import { pairHash, responseHash } from '../../src/core/preferences/pairHash';

const root = path.resolve(__dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'alw-prefs-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function alw(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const RECORDS = [
  { prompt: 'ما عاصمة مصر؟', chosen: 'القاهرة.', rejected: 'الرباط.' },
  { prompt: 'كيف حالك؟', chosen: 'بخير، شكراً.', rejected: 'لا أعرف.' },
  { prompt: 'ترجم: hello', chosen: 'مرحباً', rejected: 'وداعاً' },
  { prompt: 'سمِّ كوكباً', chosen: 'المريخ', rejected: 'القمر' },
];
writeFileSync(path.join(dir, 'prefs.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');

// The judge: record 1 first in both orders, record 2 inconsistent, record 3 second, record 4 first.
const verdicts: Array<[string, string | null, string | null]> = [['first', 'A', 'B'], ['inconsistent', 'A', 'A'], ['second', 'B', 'A'], ['first', 'A', 'B']];
writeFileSync(path.join(dir, 'prefs.judge-report.jsonl'), RECORDS.map((r, i) => JSON.stringify({
  source: `prefs.jsonl:${i + 1}`, responses: [0, 1], outcome: verdicts[i][0], prompt: r.prompt, first: r.chosen, second: r.rejected,
  ab: { verdict: verdicts[i][1], reply: `تعليل.\n[[${verdicts[i][1]}]]`, cached: false }, ba: { verdict: verdicts[i][2], reply: `تعليل.\n[[${verdicts[i][2]}]]`, cached: false },
  judge_model: 'judge-x',
})).join('\n') + '\n');

function label(i: number, annotator: string, choice: LabelRecord['choice'], minute: number, swapped = false): LabelRecord {
  const r = RECORDS[i];
  return { v: 1, pair: pairHash(r.prompt, r.chosen, r.rejected), annotator, at: `2026-12-04T10:${String(minute).padStart(2, '0')}:00.000Z`,
    choice, first: responseHash(swapped ? r.rejected : r.chosen), shown: 'ab', seed: annotator, blind: true };
}
const entries: JournalEntry[] = [
  label(0, 'salma', 'second', 1),
  label(0, 'salma', 'first', 2), // relabelled: first wins
  label(1, 'salma', 'tie', 3),
  label(2, 'salma', 'first', 4, true), // shown swapped: "first" is the rejected response, as the judge said
  label(3, 'salma', 'second', 5),
  { v: 1, pair: label(3, 'salma', 'first', 6).pair, annotator: 'salma', at: '2026-12-04T10:06:00.000Z', retracted: true },
  label(0, 'omar', 'first', 7),
  label(2, 'omar', 'first', 8),
];
writeFileSync(path.join(dir, 'prefs.labels.jsonl'), entries.map(journalLine).join('') + '{"v":1,"pair":"cut sho');

test('alw prefs agreement --json: accuracy and kappa per pair of raters, position consistency, crash-cut line skipped', () => {
  const run = alw(['prefs', 'agreement', '--labels', 'prefs.labels.jsonl', '--judge-report', 'prefs.judge-report.jsonl', '--dataset', 'prefs.jsonl', '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /prefs\.labels\.jsonl:9:1: not valid JSON/);
  const got = JSON.parse(run.stdout);
  assert.equal(got.labels, 5);
  assert.deepEqual(got.annotators, ['omar', 'salma']);
  assert.deepEqual(got.raters, ['judge', 'annotator:omar', 'annotator:salma']);
  const row = (a: string, b: string) => got.agreement.find((r: { a: string; b: string }) => r.a === a && r.b === b);
  // Judge: p1 first, p3 second, p4 first. Salma: p1 first, p2 tie, p3 second (swapped first), p4 retracted.
  assert.deepEqual(row('judge', 'annotator:salma'), { a: 'judge', b: 'annotator:salma', pairs: 2, accuracy: 1, kappa: 1 });
  // Omar: p1 first, p3 first (the dataset's chosen) — judge said second on p3: 1 of 2; both shares .5/.5 vs 1/0 → kappa 0.
  assert.deepEqual(row('judge', 'annotator:omar'), { a: 'judge', b: 'annotator:omar', pairs: 2, accuracy: 0.5, kappa: 0 });
  assert.deepEqual(got.positionConsistency, { pairs: 4, consistent: 3, rate: 0.75 });
});

test('alw prefs export writes human-over-judge pairs atomically; ties kept only when asked', () => {
  const run = alw(['prefs', 'export', 'prefs.jsonl', '--labels', 'prefs.labels.jsonl', '--judge-report', 'prefs.judge-report.jsonl', '--output', 'out/reviewed.jsonl', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const lines = readFileSync(path.join(dir, 'out/reviewed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.prompt, l.chosen, l.rejected, l.preference_source]), [
    [RECORDS[0].prompt, RECORDS[0].chosen, RECORDS[0].rejected, 'human'],
    [RECORDS[3].prompt, RECORDS[3].chosen, RECORDS[3].rejected, 'judge'],
  ]);
  // p3: salma says rejected, omar says chosen: split, left out. p2: tie, left out.
  assert.deepEqual(JSON.parse(run.stdout), { pairs: 4, written: 2, human: 1, judge: 1, tie: 1, bothBad: 0, split: 1, unreviewed: 0, output: 'out/reviewed.jsonl' });
  const kept = alw(['prefs', 'export', 'prefs.jsonl', '--labels', 'prefs.labels.jsonl', '--keep-ties', '--output', 'kept.jsonl', '--json']);
  assert.equal(kept.code, 0, kept.stderr);
  assert.ok(readFileSync(path.join(dir, 'kept.jsonl'), 'utf8').includes('"human_label":"tie"'));
  assert.ok(!readFileSync(path.join(dir, 'prefs.jsonl'), 'utf8').includes('human_label'), 'the dataset is never modified');
});

test('alw prefs: usage mistakes exit 2, a missing labels file is named', () => {
  assert.equal(alw(['prefs']).code, 2);
  assert.equal(alw(['prefs', 'agreement']).code, 2);
  assert.equal(alw(['prefs', 'agreement', '--labels', 'prefs.labels.jsonl', '--reward-model', 'm']).code, 2);
  const missing = alw(['prefs', 'agreement', '--labels', 'nope.jsonl']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.jsonl: no such file/);
  assert.ok(!existsSync(path.join(dir, 'out.jsonl')));
});
