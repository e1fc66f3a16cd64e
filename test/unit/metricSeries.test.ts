import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../../src/core/shared/formatBytes';
import { canResumeFromCheckpoint, checkpointStep, checkpointsOf, isResumable } from '../../src/core/runs/runStates';
import type { RunInfo, TrainerEvent } from '../../src/protocol';
import { CHART_SPECS, chartSectionsHtml } from '../../src/webview/runs/chartSpecs';
import { MAX_SERIES_POINTS, MetricSeries } from '../../src/webview/runs/metricSeries';

const start = (time: number, extra: Partial<Extract<TrainerEvent, { type: 'start' }>> = {}): TrainerEvent =>
  ({ type: 'start', time, stage: 'sft', total_steps: 10, device: 'cpu', ...extra });
const metrics = (time: number, step: number, values: Record<string, number>): TrainerEvent =>
  ({ type: 'metrics', time, step, metrics: values });

test('SFT metrics feed the loss, learning-rate, grad-norm and entropy charts; num_tokens becomes tokens per second', () => {
  const series = new MetricSeries();
  series.accept('r1', start(100));
  const first = series.accept('r1', metrics(101, 1, { loss: 7.5, learning_rate: 3e-3, grad_norm: 4.4, entropy: 7.4, num_tokens: 100 }));
  assert.deepEqual(first.sort(), ['entropy', 'grad_norm', 'learning_rate', 'loss'], 'no rate from a single token count');
  const second = series.accept('r1', metrics(103, 2, { loss: 7.3, num_tokens: 400 }));
  assert.deepEqual(second.sort(), ['loss', 'tokens_per_second']);
  assert.deepEqual(series.of('tokens_per_second'), [['r1', [{ x: 2, y: (400 - 100) / (103 - 101) }]]]);
  assert.deepEqual(series.of('loss'), [['r1', [{ x: 1, y: 7.5 }, { x: 2, y: 7.3 }]]]);
  assert.equal(series.count('accuracy'), 0);
});

test('reward and DPO runs fill the accuracy and margin charts from their own metric names', () => {
  const series = new MetricSeries();
  series.accept('rm', metrics(1, 1, { loss: 0.7, accuracy: 0.5, margin: 0.1 }));
  series.accept('dpo', metrics(1, 1, { loss: 0.69, 'rewards/accuracies': 0.75, 'rewards/margins': 0.02 }));
  assert.deepEqual(series.of('accuracy'), [['rm', [{ x: 1, y: 0.5 }]], ['dpo', [{ x: 1, y: 0.75 }]]]);
  assert.deepEqual(series.of('margin').map(([name, points]) => [name, points.map((p) => p.y)]), [['rm', [0.1]], ['dpo', [0.02]]]);
});

test('RL metrics (reward, kl, entropy) each get their chart; non-finite values are left out', () => {
  const series = new MetricSeries();
  const changed = series.accept('rl', metrics(1, 3, { reward: 0.25, kl: 0.01, entropy: 2.5, loss: Number.NaN }));
  assert.deepEqual(changed.sort(), ['entropy', 'kl', 'reward']);
});

test('a resume drops the points after the checkpoint it resumed from, and does not count the pause as throughput', () => {
  const series = new MetricSeries();
  series.accept('r', start(0));
  for (let step = 1; step <= 12; step++) series.accept('r', metrics(step, step, { loss: 10 - step * 0.1, num_tokens: step * 100 }));
  const dropped = series.accept('r', start(500, { resumed_from: '/runs/r/output/checkpoint-10' }));
  assert.deepEqual(dropped.sort(), ['loss', 'tokens_per_second']);
  assert.deepEqual(series.of('loss')[0][1].map((p) => p.x), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  series.accept('r', metrics(501, 11, { loss: 8.9, num_tokens: 1100 }));
  const rates = series.of('tokens_per_second')[0][1];
  assert.equal(rates.at(-1)!.x, 10, 'the first event after the resume has no previous sample: no rate across the pause');
  series.accept('r', metrics(502, 12, { loss: 8.8, num_tokens: 1200 }));
  assert.deepEqual(series.of('tokens_per_second')[0][1].at(-1), { x: 12, y: 100 });
  assert.deepEqual(series.of('loss')[0][1].slice(-2).map((p) => p.x), [11, 12]);
});

test('each pipeline stage is its own series', () => {
  const series = new MetricSeries();
  series.accept('p', start(0, { pipeline_stage: 'sft', pipeline_index: 0, pipeline_total: 2 }));
  series.accept('p', metrics(1, 1, { loss: 3 }));
  series.accept('p', start(2, { stage: 'reward', pipeline_stage: 'reward', pipeline_index: 1, pipeline_total: 2 }));
  series.accept('p', metrics(3, 1, { loss: 0.7 }));
  assert.deepEqual(series.of('loss').map(([name]) => name), ['p · sft', 'p · reward']);
});

test('checkpoint steps, checkpoints and resumability of a run', () => {
  assert.equal(checkpointStep('/a/output/checkpoint-20'), 20);
  assert.equal(checkpointStep('C:\\runs\\x\\checkpoint-7\\'), 7);
  assert.equal(checkpointStep('/a/output/final'), undefined);
  assert.equal(checkpointStep(null), undefined);
  const run = { state: 'cancelled', checkpoints: [], lastCheckpoint: '/o/checkpoint-5' } as unknown as RunInfo;
  assert.deepEqual(checkpointsOf(run), ['/o/checkpoint-5'], 'older engines report only the last checkpoint');
  assert.equal(isResumable(run), true);
  assert.equal(isResumable({ ...run, state: 'done' }), false);
  assert.equal(isResumable({ ...run, lastCheckpoint: null }), false);
  assert.equal(canResumeFromCheckpoint(run), true);
  const pipeline = { ...run, lastCheckpoint: null, pipeline: { stages: ['sft', 'reward'], current: 1 } };
  assert.equal(isResumable(pipeline), true, 'a pipeline resumes where it stopped, checkpoint or not');
  assert.equal(canResumeFromCheckpoint({ ...pipeline, lastCheckpoint: '/o/checkpoint-5' }), false);
});

test('every chart has a section; only a Run panel shows the loss chart before it has points', () => {
  const html = chartSectionsHtml({ lossCanvasId: 'loss-chart', showLoss: true });
  for (const { id } of CHART_SPECS) assert.match(html, new RegExp(`data-chart="${id}"`));
  assert.match(html, /<section class="chart" data-chart="loss"><h3/);
  assert.match(html, /<canvas id="loss-chart" data-metric="loss" data-points="0">/);
  assert.equal((html.match(/ hidden>/g) ?? []).length, CHART_SPECS.length - 1);
  assert.equal((chartSectionsHtml().match(/ hidden>/g) ?? []).length, CHART_SPECS.length);
});

test('byte counts in binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(16 * 1024 * 1024 + 400 * 1024), '16.4 MiB');
  assert.equal(formatBytes(1.5 * 1024 ** 3), '1.50 GiB');
  assert.equal(formatBytes(80 * 1024 ** 4), '80.0 TiB');
});

test('a live series past its bound is halved, keeping the first and last steps and every spike', () => {
  const series = new MetricSeries();
  series.accept('r', start(0));
  const steps = 100_000;
  for (let step = 1; step <= steps; step++) {
    const loss = step === 31_337 ? 50 : step === 77_777 ? -5 : 2 + Math.sin(step / 1000);
    series.accept('r', metrics(step, step, { loss }));
  }
  const [[, points]] = series.of('loss');
  assert.ok(points.length <= MAX_SERIES_POINTS, `${points.length} points`);
  assert.ok(points.length > MAX_SERIES_POINTS / 4, 'still a dense curve');
  assert.equal(points[0].x, 1);
  assert.equal(points.at(-1)!.x, steps);
  assert.ok(points.some((p) => p.x === 31_337 && p.y === 50), 'the high spike is kept');
  assert.ok(points.some((p) => p.x === 77_777 && p.y === -5), 'the low spike is kept');
  assert.ok(points.every((p, i) => i === 0 || p.x > points[i - 1].x), 'in step order');
});
