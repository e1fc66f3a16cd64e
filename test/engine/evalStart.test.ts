/**
 * Issue 11, "In the editor": `workbench/eval/start` on the real engine process and the real trainer (tiny model,
 * a 2-task fixture benchmark in the EXAMs format, 2 items per task): a normal eval run folder under the engine's
 * runs folder; the engine (the run's writer) scores it when it is done and only then announces `done`, so the
 * done notification finds predictions.jsonl and metrics.json there, and they are what `alw eval score` makes of
 * the folder; an engine that starts scores a done eval run left without metrics. Bad requests are refused with the reason, and leave no run folder behind.
 *
 * Needs a trainer that answers `stage: eval`: skipped, with the trainer's message, when it rejects the stage.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { Methods, type RunEventNotification } from '../../src/protocol';
import { EngineClient, repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const offline = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' };
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-eval-start-'));
const runsDir = path.join(workspace, '.alw', 'runs');
const model = path.join(workspace, 'tiny');
const benchmark = path.join(workspace, 'mini-exams.yaml');
let engine: EngineClient | undefined;

function trainerLacksEval(): string | false {
  const probe = path.join(workspace, 'probe');
  mkdirSync(probe);
  writeFileSync(path.join(probe, 'eval.yaml'), 'stage: eval\nmodel: no-such-model\nevaluation:\n  requests: requests.jsonl\n');
  writeFileSync(path.join(probe, 'requests.jsonl'), '{"id":"probe","type":"generate","prompt":"x","max_new_tokens":1}\n');
  const run = spawnSync(python, ['-m', 'alw_trainer', 'run', path.join(probe, 'eval.yaml'), '--output-dir', path.join(probe, 'out')], { encoding: 'utf8', env: offline, timeout: 120_000 });
  return /stage`? must be one of (?![^(]*\beval\b)/.test(run.stdout ?? '') ? 'the trainer rejects stage: eval' : false;
}
const skip = trainerLacksEval();

const item = (task: string, n: number, answer: string) => ({ id: `${task}-${n}`, question: `سؤال ${task} رقم ${n}؟`, A: 'واحد', B: 'اثنان', C: 'ثلاثة', D: 'أربعة', answer });
const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

before(async () => {
  if (skip) return;
  const init = spawnSync(python, ['-m', 'alw_trainer', 'init-tiny', '--corpus', path.join(repoRoot, 'samples/sft.jsonl'), '--out', model], { encoding: 'utf8', env: offline });
  assert.equal(init.status, 0, init.stderr);
  const definition = parse(readFileSync(path.join(repoRoot, 'benchmarks/exams.yaml'), 'utf8'));
  Object.assign(definition, {
    name: 'mini-exams', tasks: ['Physics', 'Biology'], grouping: { score: 'mean-of-groups', groups: { Science: ['Physics', 'Biology'] } },
    generation: { do_sample: false, max_new_tokens: 4 },
  });
  definition.data.splits = { dev: 'dev.jsonl', test: 'test.jsonl' };
  definition.prompts.few_shot.shots = 1;
  delete definition.published;
  writeFileSync(benchmark, stringify(definition));
  writeFileSync(path.join(workspace, 'dev.jsonl'), lines([item('Physics', 90, 'A'), item('Biology', 90, 'C')]));
  writeFileSync(path.join(workspace, 'test.jsonl'), lines(['A', 'B', 'C'].flatMap((a, i) => [item('Physics', i, a), item('Biology', i, a)])));
  engine = await EngineClient.start(workspace, { python, runsDir });
});

after(async () => {
  await engine?.stop();
});

test('workbench/eval/start: an eval run the engine scores before it says done; the scores are alw eval score\'s', { skip, timeout: 120_000 }, async () => {
  const seen: RunEventNotification[] = [];
  const filesAtDone: string[][] = [];
  engine!.onNotification(Methods.runEvent, (n) => {
    seen.push(n);
    if (n.run.state === 'done') filesAtDone.push(readdirSync(n.run.dir));
  });
  // Relative paths are the workspace's, as the command palette gives them.
  const run = await engine!.request(Methods.startEval, { benchmark, model: 'tiny', data: '.', split: 'test', limit: 2, method: 'generative' });
  assert.equal(run.stage, 'eval');
  assert.equal(path.dirname(run.dir), runsDir);
  const options = JSON.parse(readFileSync(path.join(run.dir, 'eval.json'), 'utf8'));
  assert.deepEqual([options.model, options.data, options.limit, options.method], [model, workspace, 2, 'generative']);
  const deadline = Date.now() + 100_000;
  while (!seen.some((n) => n.runId === run.id && ['done', 'failed', 'cancelled'].includes(n.run.state))) {
    assert.ok(Date.now() < deadline, `no end of run ${run.id}: ${JSON.stringify(seen.slice(-2).map((n) => n.event))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const end = seen.find((n) => n.runId === run.id && n.run.state !== 'running' && n.run.state !== 'starting')!;
  assert.equal(end.run.state, 'done', JSON.stringify(end.event));
  assert.ok(filesAtDone[0].includes('metrics.json') && filesAtDone[0].includes('predictions.jsonl'), `at done: ${filesAtDone[0]}`);

  const metrics = JSON.parse(readFileSync(path.join(run.dir, 'metrics.json'), 'utf8'));
  assert.deepEqual([metrics.benchmark, metrics.items, metrics.method, metrics.model], ['mini-exams', 4, 'generative', model]);
  assert.deepEqual(Object.keys(metrics.tasks), ['Physics', 'Biology']);
  assert.equal(typeof metrics.stderr, 'number');
  const predictions = readFileSync(path.join(run.dir, 'predictions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(predictions.map((p) => p.id), ['Physics-0', 'Physics-1', 'Biology-0', 'Biology-1']);

  const rescored = spawnSync(process.execPath, [path.join(repoRoot, 'dist/alw.js'), 'eval', 'score', '--benchmark', benchmark, '--predictions', run.dir, '--extraction', metrics.extraction, '--json'], { encoding: 'utf8' });
  assert.equal(rescored.status, 0, rescored.stderr);
  const score = JSON.parse(rescored.stdout);
  assert.deepEqual([score.score, score.tasks, score.stderr], [metrics.score, metrics.tasks, metrics.stderr]);
});

test('an engine that starts finds a done eval run without metrics.json and scores it to the same numbers', { skip, timeout: 60_000 }, async () => {
  const [dir] = readdirSync(runsDir).filter((d) => d.includes('-eval-')).map((d) => path.join(runsDir, d));
  const metricsFile = path.join(dir, 'metrics.json');
  const before = readFileSync(metricsFile, 'utf8');
  await engine!.stop();
  rmSync(metricsFile);
  rmSync(path.join(dir, 'predictions.jsonl'));
  engine = await EngineClient.start(workspace, { python, runsDir });
  await engine.request(Methods.listRuns, {});
  const deadline = Date.now() + 30_000;
  while (!existsSync(metricsFile)) {
    assert.ok(Date.now() < deadline, 'the restarted engine scored the run');
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(readFileSync(metricsFile, 'utf8'), before);
  assert.ok(existsSync(path.join(dir, 'predictions.jsonl')));
});

test('workbench/eval/start refuses an unknown benchmark and a missing model folder, and leaves no run folder', { skip }, async () => {
  const before = existsSync(runsDir) ? readdirSync(runsDir).length : 0;
  await assert.rejects(engine!.request(Methods.startEval, { benchmark: 'no-such-benchmark', model, data: workspace }), /unknown benchmark "no-such-benchmark"/);
  await assert.rejects(engine!.request(Methods.startEval, { benchmark, model: path.join(workspace, 'nowhere'), data: workspace }), /--model .*nowhere: no such folder/);
  assert.equal(existsSync(runsDir) ? readdirSync(runsDir).length : 0, before);
});
