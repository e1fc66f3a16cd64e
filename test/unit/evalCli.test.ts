/**
 * Issue 11, `alw eval score` through the real CLI: the AceGPT harness's own Llama-2-7B MMLU predictions
 * (../shared/benchmarks/harness_predictions, 43 of the 57 subjects) scored with `--extraction acegpt` give its
 * metrics.json exactly; gold answers looked up in benchmark data with --data; bad input at FILE:LINE:COLUMN.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { acegptChoice } from '../../src/core/evaluation/answerExtraction';
import { taskScore } from '../../src/core/evaluation/classMetrics';
import { scoreGroups, type GroupTree } from '../../src/core/evaluation/groupScores';

const root = path.resolve(__dirname, '../../..');
const benchmarks = path.resolve(root, '../shared/benchmarks');
const harness = path.join(benchmarks, 'harness_predictions/mmlu_ar/llama-2-7b-hf-few-shot');
const noHarness = !existsSync(path.join(harness, 'metrics.json')) && 'no ../shared/benchmarks/harness_predictions';
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8' });
const dir = mkdtempSync(path.join(tmpdir(), 'alw-eval-'));

type Metrics = Record<string, Record<string, Record<string, { Accuracy: number }>>>;
const isSummary = (key: string) => key === 'average' || key === 'overall';

interface Scored {
  score: number; items: number; unparsed: number; missing: string[]; metric: string; extraction: string;
  stderr: number; bootstrap: { resamples: number; seed: number };
  tasks: Record<string, { n: number; correct: number; accuracy: number; unparsed: number; stderr: number }>;
  groups: Record<string, { average: number; overall: number; n: number; missing?: string[]; stderr: number }>;
  alternative: { extraction: string; score: number };
}

function scoreJson(...args: string[]): Scored {
  const result = alw('eval', 'score', ...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('--extraction acegpt on the harness\'s predictions reproduces its metrics.json exactly', { skip: noHarness }, () => {
  const metrics: Metrics = JSON.parse(readFileSync(path.join(harness, 'metrics.json'), 'utf8'));
  const scored = scoreJson('--benchmark', 'mmlu-ar', '--predictions', harness, '--extraction', 'acegpt');
  const files = readdirSync(harness).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -6));
  assert.equal(files.length, 43);
  assert.deepEqual(Object.keys(scored.tasks).sort(), files.sort());
  assert.equal(scored.missing.length, 14, 'the 14 subjects without prediction files');
  let subjects = 0;
  let subcategories = 0;
  for (const subs of Object.values(metrics)) {
    for (const [subName, sub] of Object.entries(subs)) {
      for (const [subject, value] of Object.entries(sub)) {
        if (isSummary(subject) || !scored.tasks[subject]) continue;
        const lines = readFileSync(path.join(harness, `${subject}.jsonl`), 'utf8').trim().split('\n').length;
        const task = scored.tasks[subject];
        assert.equal(task.n, lines, subject);
        assert.equal(task.correct / task.n, value.Accuracy, subject);
        assert.equal(task.accuracy, value.Accuracy, subject);
        subjects++;
      }
      // Only subcategories whose every subject has predictions can be compared.
      const group = scored.groups[subName];
      if (!group || group.missing) continue;
      assert.equal(group.average, sub.average.Accuracy, `${subName} average`);
      assert.equal(group.overall, sub.overall.Accuracy, `${subName} overall`);
      subcategories++;
    }
  }
  assert.equal(subjects, 43);
  assert.equal(subcategories, 9, 'physics, chemistry, biology, computer science, math, engineering, economics, geography, business');
  assert.equal(scored.unparsed, 0);
  assert.equal(scored.items, 8513);
});

test('the acegpt extraction reads every harness response as the harness did (its response_answer)', { skip: noHarness }, () => {
  let lines = 0;
  for (const file of readdirSync(harness).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(harness, file), 'utf8').trim().split('\n')) {
      const record = JSON.parse(line) as { response: string; response_answer: string };
      assert.equal(acegptChoice(record.response) ?? '', record.response_answer, `${file}: ${JSON.stringify(record.response)}`);
      lines++;
    }
  }
  assert.equal(lines, 8513);
});

test('every subcategory average of metrics.json, "health" (8 subjects) included, is numpy\'s mean of its subjects', { skip: noHarness }, () => {
  const metrics: Metrics = JSON.parse(readFileSync(path.join(harness, 'metrics.json'), 'utf8'));
  const tree: GroupTree = {};
  const tasks: Record<string, ReturnType<typeof taskScore>> = {};
  for (const [category, subs] of Object.entries(metrics)) {
    const children: GroupTree = {};
    tree[category] = children;
    for (const [subName, sub] of Object.entries(subs)) {
      children[subName] = Object.keys(sub).filter((k) => !isSummary(k));
      for (const subject of children[subName] as string[]) tasks[subject] = { ...taskScore(1, 0, 0), accuracy: sub[subject].Accuracy };
    }
  }
  const { groups } = scoreGroups(tree, tasks);
  const health = metrics['other (business, health, misc.)'].health;
  const naive = Object.entries(health).filter(([k]) => !isSummary(k)).reduce((sum, [, v]) => sum + v.Accuracy, 0) / 8;
  assert.notEqual(naive, health.average.Accuracy, 'a left-to-right mean misses the last bits here');
  for (const subs of Object.values(metrics)) {
    for (const [subName, sub] of Object.entries(subs)) assert.equal(groups[subName].average, sub.average.Accuracy, subName);
  }
});

test('the text output names the score, the partial coverage and the starred groups', { skip: noHarness }, () => {
  const result = alw('eval', 'score', '--benchmark', 'mmlu-ar', '--predictions', harness);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^mmlu-ar: accuracy 0\.3007 ± 0\.00\d\d {2}\(extraction arabic; 8513 items, 0 unparsed\)\n± is the standard error \(bootstrap, 1000 resamples/);
  assert.match(result.stdout, /\nabstract_algebra +100 +25 +0\.2500 +0\.0\d{3} +0\n/, 'a stderr column per task');
  assert.match(result.stdout, /partial: 14 of 57 tasks have no predictions \(moral_scenarios, /);
  assert.match(result.stdout, /\n {2}health \* +896 /);
  assert.doesNotMatch(result.stdout, /acegpt extraction:/, 'both extractions agree on these responses');
});

test('one JSONL file with gold answers: both extractions, the other one shown when it differs', () => {
  const file = path.join(dir, 'exams.jsonl');
  writeFileSync(file, [
    { id: 'Science-1', answer: 'A', response: 'أ' },
    { id: 'Science-2', answer: 'B', response: 'B. لأن' },
    { id: 'Physics-1', answer: 'C', response: 'الإجابة: ج' },
    { id: 'Physics-2', answer: 'D', response: '' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const scored = scoreJson('--benchmark', 'exams', '--predictions', file);
  assert.deepEqual(scored.tasks.Science, { n: 2, correct: 2, accuracy: 1, unparsed: 0, stderr: 0 });
  assert.deepEqual(scored.tasks.Physics, { n: 2, correct: 1, accuracy: 0.5, unparsed: 1, stderr: scored.tasks.Physics.stderr });
  assert.ok(scored.tasks.Physics.stderr > 0.3 && scored.tasks.Physics.stderr < 0.4, 'two items, one right: about 0.35');
  assert.equal(scored.score, 0.75, 'EXAMs: one group, the mean of its tasks');
  assert.deepEqual(scored.alternative, { extraction: 'acegpt', score: 0.25, unparsed: 3 });
  assert.match(alw('eval', 'score', '--benchmark', 'exams', '--predictions', file).stdout, /\nacegpt extraction: 0\.2500 {2}\(3 unparsed\)/);

  writeFileSync(file, [
    { task: 'anatomy', answer: 'A', response: 'A' }, { task: 'anatomy', answer: 'B', response: 'C' },
    { task: 'virology', answer: 'D', response: 'د' },
  ].map((r) => JSON.stringify(r)).join('\n'));
  const mmlu = scoreJson('--benchmark', 'mmlu-ar', '--predictions', file);
  assert.deepEqual(Object.keys(mmlu.tasks), ['anatomy', 'virology']);
  assert.deepEqual(mmlu.groups.health, { average: 0.75, overall: 2 / 3, n: 3, parent: 'other (business, health, misc.)', missing: mmlu.groups.health.missing, stderr: mmlu.groups.health.stderr });
  assert.equal(mmlu.groups.health.missing?.length, 6);
  assert.equal(mmlu.score, 0.75, 'only one category has predictions');
  writeFileSync(file, JSON.stringify({ task: 'anatomyy', answer: 'A', response: 'A' }));
  assert.match(alw('eval', 'score', '--benchmark', 'mmlu-ar', '--predictions', file).stderr, /exams\.jsonl:1:9: "anatomyy" is not a task of mmlu-ar/);
});

test('--data: ids (ACVA, macro-F1 over all topics) and query_id (MMLU CSV rows) resolve to the gold answers', { skip: !existsSync(path.join(benchmarks, 'acva/dev.jsonl')) && 'no ../shared/benchmarks' }, () => {
  const acva = readFileSync(path.join(benchmarks, 'acva/dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; answer: string });
  const predictions = path.join(dir, 'acva.jsonl');
  writeFileSync(predictions, acva.map((r) => JSON.stringify({ id: r.id, response: 'نعم، صحيح' })).join('\n'));
  const scored = scoreJson('--benchmark', 'acva', '--predictions', predictions, '--data', benchmarks, '--split', 'dev');
  const yes = acva.filter((r) => r.answer === 'نعم').length;
  assert.equal(scored.metric, 'macro-f1');
  assert.equal(scored.items, acva.length);
  assert.equal(scored.score, (2 * yes / (yes + acva.length) + 0) / 2, 'always yes: yes-F1 2Y/(Y+N), no-F1 0');
  assert.equal(scored.tasks.Algeria.n, acva.filter((r) => r.id.startsWith('Algeria-')).length);

  const data = path.join(dir, 'data');
  const csvDir = path.join(data, 'mmlu_ar/test');
  require('node:fs').mkdirSync(csvDir, { recursive: true });
  writeFileSync(path.join(csvDir, 'anatomy_test.csv'), 'س1,a,b,c,d,B\n"س2\nسطر ثان",a,b,c,d,D\nس3,a,b,c,d,A\n');
  const mmlu = path.join(dir, 'mmlu');
  require('node:fs').mkdirSync(mmlu, { recursive: true });
  writeFileSync(path.join(mmlu, 'anatomy.jsonl'), [0, 1, 2].map((i) => JSON.stringify({ query_id: i, response: ['B', 'D', 'C'][i] })).join('\n'));
  const rows = scoreJson('--benchmark', 'mmlu-ar', '--predictions', mmlu, '--data', data);
  const { stderr, ...anatomy } = rows.tasks.anatomy;
  assert.deepEqual(anatomy, { n: 3, correct: 2, accuracy: 2 / 3, unparsed: 0 });
  assert.ok(Math.abs(stderr - Math.sqrt(2 / 9 / 3)) < 0.03, `bootstrap ${stderr} near the binomial error`);
  writeFileSync(path.join(mmlu, 'anatomy.jsonl'), JSON.stringify({ query_id: 7, response: 'A' }));
  const absent = alw('eval', 'score', '--benchmark', 'mmlu-ar', '--predictions', mmlu, '--data', data);
  assert.equal(absent.status, 1);
  assert.match(absent.stderr, /anatomy\.jsonl:1:13: no item #7 of task "anatomy" in the data/);
});

test('bad input: FILE:LINE:COLUMN errors (exit 1); bad usage exits 2', () => {
  const definition = path.join(dir, 'bad.yaml');
  writeFileSync(definition, 'name: tiny\ntitle: Tiny\nkind: mcq\nmetric: accuracy\nchoices:\n  labels: [A, B]\ndata:\n  format: jsonl\n  splits: {test: t.jsonl}\n  tasks_by: files\ncolour: red\n');
  const predictions = path.join(dir, 'p.jsonl');
  writeFileSync(predictions, '{"task": "t", "answer": "A", "response": "A"}\n');
  const bad = alw('eval', 'score', '--benchmark', definition, '--predictions', predictions);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /bad\.yaml:11:1: unknown key "colour"/);
  assert.match(bad.stderr, /bad\.yaml:10:13: must be one of "file", "id-prefix", "field", "none"/);
  writeFileSync(definition, 'name: tiny\ntitle: [\n');
  assert.match(alw('eval', 'score', '--benchmark', definition, '--predictions', predictions).stderr, /bad\.yaml:\d+:\d+: invalid YAML/);

  writeFileSync(predictions, '{"id": "Science-1", "answer": "A", "response": "A"}\n{"id": "Science-2", "answer": "E", "response": "A"}\n');
  const gold = alw('eval', 'score', '--benchmark', 'exams', '--predictions', predictions);
  assert.equal(gold.status, 1);
  assert.match(gold.stderr, /p\.jsonl:2:31: the gold answer "E" is not one of A, B, C, D/);
  writeFileSync(predictions, '{"id": "Science-1", "answer": "A", "response": "A"}\n{"id": "Science-3" "response": "A"}\n');
  assert.match(alw('eval', 'score', '--benchmark', 'exams', '--predictions', predictions).stderr, /p\.jsonl:2:20: invalid JSON: Expected ',' or '}'/);
  writeFileSync(predictions, '{"id": "Science-1", "response": "A"}\n');
  assert.match(alw('eval', 'score', '--benchmark', 'exams', '--predictions', predictions).stderr, /p\.jsonl:1:8: no gold "answer" on this line: give --data DIR/);
  const judged = alw('eval', 'score', '--benchmark', 'vicuna80-ar', '--predictions', predictions);
  assert.equal(judged.status, 1);
  assert.match(judged.stderr, /vicuna80-ar is judged .*does not score it yet/);

  assert.equal(alw('eval', 'score', '--predictions', predictions).status, 2);
  assert.equal(alw('eval', 'score', '--benchmark', 'exams', '--predictions', predictions, '--extraction', 'regex').status, 2);
  assert.equal(alw('eval', 'score', '--benchmark', 'nope', '--predictions', predictions).status, 2);
  assert.equal(alw('eval', 'grade').status, 2);
  assert.match(alw('help', 'eval').stdout, /alw eval score --benchmark NAME\|FILE --predictions PATH/);
  assert.match(alw('--help').stdout, /alw eval score/);
});
