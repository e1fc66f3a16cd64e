/**
 * Issue 11, benchmark hygiene: `alw eval check` finds exact duplicates after Arabic normalization (a copy that
 * differs only in diacritics and tatweel), near duplicates (one word changed) and cross-split copies (a dev
 * item that is a test item) at FILE:LINE, in a fixture with planted copies and in the real dev sets.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { comparedText, findDuplicates } from '../../src/core/evaluation/benchmarkDuplicates';

const root = path.resolve(__dirname, '../../..');
const benchmarks = path.resolve(root, '../shared/benchmarks');
const noShared = !existsSync(path.join(benchmarks, 'acva/dev.jsonl')) && 'no ../shared/benchmarks';
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });

interface Member { split: string; task: string; at: string }
interface Group { scope: string; splits: string[]; members: Member[]; jaccard?: number }
interface Check {
  splits: Record<string, { items: number; files: number; absent: string[] }>;
  exact: { groups: number; items: number; within: number; across: number };
  near: { groups: number; items: number; within: number; across: number };
  exactGroups: Group[];
  nearGroups: Group[];
}

function check(...args: string[]): Check {
  const result = alw('eval', 'check', ...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const options = { A: 'الرياض', B: 'جدة', C: 'مكة', D: 'الدمام' };
const long = 'في أي عام بدأت الدولة العباسية بترجمة الكتب اليونانية إلى اللغة العربية في بيت الحكمة ببغداد وما أثر ذلك على تطور العلوم والفلسفة في العالم الإسلامي خلال القرون التالية';

test('comparedText: diacritics, tatweel, hamza forms, ى/ي, ة/ه and line breaks do not matter', () => {
  assert.equal(comparedText('مَا هِيَ عـــاصِمَةُ المملكة؟'), comparedText('ما هي عاصمة المملكة؟'));
  assert.equal(comparedText('إلى الأمام\nمكتبة'), comparedText('الي الامام مكتبه'));
  assert.notEqual(comparedText('عاصمة مصر'), comparedText('عاصمة تونس'));
  const items = ['نص واحد', 'نص آخر تماما'].map((text, i) => ({ split: 'dev', task: 't', text, at: `f:${i + 1}` }));
  assert.deepEqual(findDuplicates(items), { exact: [], near: [] }, 'different texts: nothing');
});

test('eval check: planted exact (diacritics, tatweel), near (one word) and cross-split copies at FILE:LINE', () => {
  const data = mkdtempSync(path.join(tmpdir(), 'alw-check-'));
  mkdirSync(path.join(data, 'exams'));
  const line = (id: string, question: string, extra = options) => JSON.stringify({ id, question, ...extra, answer: 'A' });
  writeFileSync(path.join(data, 'exams/dev.jsonl'), [
    line('Social-1', 'ما هي عاصمة المملكة العربية السعودية؟'),
    line('Social-2', 'مَا هِيَ عـــاصِمَةُ المملكة العربيّة السعودية؟'),
    line('Social-3', long),
    line('Social-4', 'كم عدد الكواكب في المجموعة الشمسية؟', { A: '8', B: '9', C: '7', D: '10' }),
    line('Science-1', long.replace('اليونانية', 'الفارسية')),
    line('Science-2', 'ما هي عاصمة المملكة العربية السعودية؟', { A: 'جدة', B: 'الرياض', C: 'مكة', D: 'الدمام' }),
  ].join('\n') + '\n');
  writeFileSync(path.join(data, 'exams/test.jsonl'), [
    line('Physics-1', 'ما وحدة قياس القوة في النظام الدولي للوحدات؟', { A: 'نيوتن', B: 'جول', C: 'واط', D: 'باسكال' }),
    '',
    line('Biology-1', 'كم عدد الكواكب في المجموعة الشمسية؟', { A: '٨', B: '٩', C: '٧', D: '١٠' }),
  ].join('\n') + '\n');
  const dev = path.join(data, 'exams/dev.jsonl');
  const testFile = path.join(data, 'exams/test.jsonl');
  const found = check('exams', '--data', data);
  assert.deepEqual(found.splits, { dev: { items: 6, files: 1, absent: [] }, test: { items: 2, files: 1, absent: [] } });
  assert.deepEqual(found.exact, { groups: 2, items: 4, within: 1, across: 1 });
  assert.deepEqual(found.exactGroups.map((g) => [g.scope, g.members.map((m) => m.at)]), [
    ['within', [`${dev}:1`, `${dev}:2`]],
    ['across', [`${dev}:4`, `${testFile}:3`]],
  ], 'Social-1 and its diacritized copy; the dev planets question in test (Arabic-Indic digits); Science-2 has other options');
  assert.deepEqual(found.exactGroups[1].splits, ['dev', 'test']);
  assert.deepEqual(found.near.groups, 1);
  assert.deepEqual(found.nearGroups[0].members.map((m) => [m.at, m.task]), [[`${dev}:3`, 'Social'], [`${dev}:5`, 'Science']]);
  assert.ok(found.nearGroups[0].jaccard! >= 0.5 && found.nearGroups[0].jaccard! < 1);

  const text = alw('eval', 'check', 'exams', '--data', data);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /\nexact duplicates: 2 groups, 4 items \(1 within a split, 1 across splits\)\n {2}within dev:\n {4}\S+dev\.jsonl:1 {2}\[dev\] Social: ما هي عاصمة/);
  assert.match(text.stdout, /\n {2}across dev and test:\n {4}\S+dev\.jsonl:4 {2}\[dev\] Social: .*\n {4}\S+test\.jsonl:3 {2}\[test\] Biology: /);
  assert.match(text.stdout, /\nnear duplicates: 1 groups, 2 items \(1 within a split, 0 across splits\)\n {2}within dev, Jaccard ≥ 0\.\d\d:\n/);

  writeFileSync(testFile, '{"id": "Physics-1", "A": "x"}\n');
  const bad = alw('eval', 'check', 'exams', '--data', data);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /test\.jsonl:1:1: no "question" or "query" text in this item/);
  const empty = alw('eval', 'check', 'acva', '--data', data);
  assert.equal(empty.status, 1, 'a folder with none of its files is not a clean benchmark');
  assert.match(empty.stderr, /no data of acva under .* \(expected acva\/dev\.jsonl, acva\/test\.jsonl\)/);
  assert.equal(alw('eval', 'check').status, 2);
  assert.equal(alw('eval', 'check', 'exams', '--data', path.join(data, 'nope')).status, 2);
});

test('eval check on the real dev sets: ACVA has 4 exact copies, MMLU 2 near ones, EXAMs none; test splits absent', { skip: noShared }, () => {
  const acva = check('acva', '--data', benchmarks);
  assert.deepEqual(acva.splits.dev, { items: 289, files: 1, absent: [] });
  assert.deepEqual(acva.splits.test, { items: 0, files: 0, absent: ['acva/test.jsonl'] });
  const dev = path.join(benchmarks, 'acva/dev.jsonl');
  assert.deepEqual(acva.exactGroups.map((g) => g.members.map((m) => m.at)), [[4, 5], [26, 28], [81, 82], [147, 148]].map((lines) => lines.map((l) => `${dev}:${l}`)));
  assert.equal(acva.near.groups, 2);

  const mmlu = check('mmlu-ar', '--data', benchmarks);
  assert.equal(mmlu.splits.dev.items, 285);
  assert.equal(mmlu.splits.test.absent.length, 57);
  assert.equal(mmlu.exact.groups, 0);
  assert.deepEqual(mmlu.nearGroups.map((g) => g.members.map((m) => path.basename(m.at))), [
    ['conceptual_physics_dev.csv:4', 'high_school_european_history_dev.csv:1'],
    ['professional_medicine_dev.csv:1', 'professional_medicine_dev.csv:3'],
  ], 'the same IP-spoofing question placed in unrelated subjects');

  const exams = check('exams', '--data', benchmarks);
  assert.deepEqual([exams.splits.dev.items, exams.exact.groups, exams.near.groups], [25, 0, 0]);
});
