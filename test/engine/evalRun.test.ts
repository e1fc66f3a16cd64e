/**
 * Issue 11, "Run evaluations": `alw eval run` end to end with the real trainer (`stage: eval`) on the tiny model,
 * a 2-task fixture benchmark in the EXAMs format, 2 items per task, both methods: a normal run folder (listed by
 * `alw runs list`), requests, results, predictions and metrics in it; `--resume` answers nothing twice and scores
 * the same; `alw eval score --predictions RUNDIR` re-scores the folder to the same numbers.
 *
 * Needs a trainer that answers `stage: eval` (REQUESTS-FORMAT): probed once, skipped with the trainer's own
 * message when it rejects the stage.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { parse, stringify } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const python = process.env.ALW_PYTHON ?? path.join(root, '.venv/bin/python');
const offline = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' };
const dir = mkdtempSync(path.join(tmpdir(), 'alw-eval-run-'));
const runsDir = path.join(dir, 'runs');
const model = path.join(dir, 'tiny');
const benchmark = path.join(dir, 'mini-exams.yaml');
const alw = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { encoding: 'utf8', env: offline, cwd: dir });

/** Why the installed trainer cannot run this test (it rejects `stage: eval`), or false. */
function trainerLacksEval(): string | false {
  const probe = path.join(dir, 'probe');
  mkdirSync(probe);
  writeFileSync(path.join(probe, 'requests.jsonl'), '{"id":"probe","type":"generate","prompt":"x","max_new_tokens":1}\n');
  // A model that is not there: a trainer without the stage says so first, one with it fails later (no torch loaded).
  writeFileSync(path.join(probe, 'eval.yaml'), 'stage: eval\nmodel: no-such-model\nevaluation:\n  requests: requests.jsonl\n');
  const run = spawnSync(python, ['-m', 'alw_trainer', 'run', path.join(probe, 'eval.yaml'), '--output-dir', path.join(probe, 'out')], { encoding: 'utf8', env: offline, timeout: 120_000 });
  const rejected = (run.stdout ?? '').split('\n').map((line) => { try { return JSON.parse(line); } catch { return undefined; } })
    .find((event) => {
      // The trainer's "`stage` must be one of sft, reward, … (got 'eval')": a list of stages without eval.
      const stages = event?.type === 'error' ? /stage`? must be one of ([^(]*)/.exec(String(event.message))?.[1] : undefined;
      return stages !== undefined && !/\beval\b/.test(stages);
    });
  return rejected ? `the trainer rejects stage: eval (merge the trainerreq branch): ${rejected.message}` : false;
}

const skip = trainerLacksEval();

const item = (task: string, n: number, answer: string) => ({ id: `${task}-${n}`, question: `سؤال ${task} رقم ${n}؟`, A: 'واحد', B: 'اثنان', C: 'ثلاثة', D: 'أربعة', answer });

before(() => {
  if (skip) return;
  const init = spawnSync(python, ['-m', 'alw_trainer', 'init-tiny', '--corpus', path.join(root, 'samples/sft.jsonl'), '--out', model], { encoding: 'utf8', env: offline });
  assert.equal(init.status, 0, init.stderr);
  const definition = parse(readFileSync(path.join(root, 'benchmarks/exams.yaml'), 'utf8'));
  Object.assign(definition, {
    name: 'mini-exams', tasks: ['Physics', 'Biology'], task_names_ar: { Physics: 'علم الفيزياء', Biology: 'علم الأحياء' },
    grouping: { score: 'mean-of-groups', groups: { Science: ['Physics', 'Biology'] } },
    generation: { do_sample: false, max_new_tokens: 4 },
  });
  definition.data.splits = { dev: 'dev.jsonl', test: 'test.jsonl' };
  definition.prompts.few_shot.shots = 2;
  delete definition.published;
  writeFileSync(benchmark, stringify(definition));
  const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(path.join(dir, 'dev.jsonl'), lines([item('Physics', 90, 'A'), item('Physics', 91, 'B'), item('Biology', 90, 'C'), item('Biology', 91, 'D')]));
  writeFileSync(path.join(dir, 'test.jsonl'), lines(['A', 'B', 'C'].flatMap((a, i) => [item('Physics', i, a), item('Biology', i, a)])));
});

interface Metrics {
  run: string; dir: string; method: string; score: number; items: number; extraction: string;
  tasks: Record<string, { n: number; correct: number }>;
  loglikelihood: { acc: { items: number; score: number }; acc_norm: { items: number; score: number } };
  shots: { requested: number; requests: number; fewer: number };
}

const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
let first: Metrics;

test('alw eval run, both methods: a normal eval run folder with requests, results, predictions and metrics', { skip }, () => {
  const run = alw('eval', 'run', '--benchmark', benchmark, '--model', model, '--data', dir, '--split', 'test', '--limit', '2',
    '--method', 'both', '--runs-dir', runsDir, '--python', python, '--json');
  assert.equal(run.status, 0, run.stderr);
  first = JSON.parse(run.stdout);
  assert.equal(first.method, 'both');
  assert.equal(first.items, 4);
  assert.deepEqual(Object.keys(first.tasks), ['Physics', 'Biology']);
  assert.equal(first.loglikelihood.acc.items, 4);
  assert.deepEqual({ requested: first.shots.requested, requests: first.shots.requests }, { requested: 2, requests: 8 });

  const requests = jsonl(path.join(first.dir, 'requests.jsonl'));
  assert.deepEqual(requests.map((r) => r.id), [
    'Physics/Physics-0', 'Physics/Physics-0#ll', 'Physics/Physics-1', 'Physics/Physics-1#ll',
    'Biology/Biology-0', 'Biology/Biology-0#ll', 'Biology/Biology-1', 'Biology/Biology-1#ll',
  ]);
  assert.ok(requests[0].shots[0].startsWith('فيما يلي أسئلة الاختيار من متعدد (مع الإجابات) حول علم الفيزياء\n\nسؤال: سؤال Physics رقم 90؟'));
  const results = jsonl(path.join(first.dir, 'output/results.jsonl'));
  assert.deepEqual(results.map((r) => r.id).sort(), requests.map((r) => r.id).sort());
  for (const result of results.filter((r) => r.type === 'loglikelihood')) assert.equal(result.logprobs.length, 4, JSON.stringify(result));

  const predictions = jsonl(path.join(first.dir, 'predictions.jsonl'));
  assert.deepEqual(predictions.map((p) => [p.task, p.id, p.answer, p.method]), [
    ['Physics', 'Physics-0', 'A', 'generative'], ['Physics', 'Physics-1', 'B', 'generative'],
    ['Biology', 'Biology-0', 'A', 'generative'], ['Biology', 'Biology-1', 'B', 'generative'],
  ]);
  for (const p of predictions) assert.equal(typeof p.response, 'string');
  assert.equal(jsonl(path.join(first.dir, 'predictions-loglikelihood.jsonl')).length, 4);
  assert.deepEqual(JSON.parse(readFileSync(path.join(first.dir, 'metrics.json'), 'utf8')).tasks, first.tasks);
  assert.match(readFileSync(path.join(first.dir, 'command.txt'), 'utf8'), /-m alw_trainer run .*config\.yaml --output-dir /);

  const listed = JSON.parse(alw('runs', 'list', '--runs-dir', runsDir, '--json').stdout) as Array<{ id: string; stage: string; state: string }>;
  assert.deepEqual(listed.map((r) => [r.id, r.stage, r.state]), [[first.run, 'eval', 'done']]);
});

test('--resume RUN_ID answers nothing again and scores the same; alw eval score re-scores the run folder', { skip }, () => {
  assert.ok(first, 'the first test made the run');
  const resultsFile = path.join(first.dir, 'output/results.jsonl');
  const before = readFileSync(resultsFile, 'utf8');
  const resumed = alw('eval', 'run', '--resume', first.run, '--runs-dir', runsDir, '--python', python, '--json');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(readFileSync(resultsFile, 'utf8'), before);
  const again = JSON.parse(resumed.stdout) as Metrics;
  assert.deepEqual([again.score, again.tasks, again.loglikelihood], [first.score, first.tasks, first.loglikelihood]);
  assert.match(readFileSync(path.join(first.dir, 'command.txt'), 'utf8'), /# Resumed /);

  const rescored = alw('eval', 'score', '--benchmark', benchmark, '--predictions', first.dir, '--extraction', first.extraction, '--json');
  assert.equal(rescored.status, 0, rescored.stderr);
  const score = JSON.parse(rescored.stdout);
  assert.deepEqual([score.score, score.tasks], [first.score, first.tasks]);
  assert.ok(existsSync(path.join(first.dir, 'eval.json')));
});
