/**
 * `alw demo`: the main job on the bundled samples — validate the datasets, a tiny SFT run, a tiny reward
 * model, its ONNX export, one preference pair scored in Node and checked against PyTorch, and a small
 * evaluation of the SFT model (`alw eval run` on samples/benchmarks).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { diagnoseDataset } from '../../core/diagnostics/diagnoseDataset';
import { pythonFor } from '../../engine/python/pythonFor';
import { preferencePair, readRecord } from '../../engine/datasets/records';
import { RewardScorer } from '../../engine/scoring/rewardScorer';
import { packageRoot } from '../packageRoot';
import { parseArgs, stringOption, type ParsedArgs } from '../args';
import { evalRunCommand } from './evalRun';
import { runToEnd } from './run';

export const demoHelp = `alw demo [--samples DIR] [--python PATH]
  Run the main job on the bundled Arabic samples: validate them, train a tiny SFT model and a tiny reward
  model on CPU, export the reward model to ONNX, and score a preference pair with onnxruntime-node
  (checked against PyTorch), then evaluate the SFT model on the tiny benchmark samples in SAMPLES/benchmarks
  (multiple choice and yes/no, generative and loglikelihood; the tiny model scores at chance level) and print
  the results tables. Results go under SAMPLES/.alw/.`;

/** The trainer must not import modules from the folder it is started in. */
const safePathEnv = { ...process.env, PYTHONSAFEPATH: '1' };

export async function demoCommand(args: ParsedArgs): Promise<number> {
  const samples = path.resolve(stringOption(args, 'samples') ?? path.join(packageRoot(), 'samples'));
  const python = pythonFor(stringOption(args, 'python'), undefined);
  const runsDir = path.join(samples, '.alw', 'runs');
  const say = (text: string) => console.error(`\n== ${text}`);

  say('1/6 Validating the sample datasets (each has a few deliberately broken lines)');
  for (const name of ['pretrain.jsonl', 'sft.jsonl', 'preferences.jsonl']) {
    const d = diagnoseDataset(readFileSync(path.join(samples, name), 'utf8'));
    console.error(`${name}: ${d.kind}, ${d.records} records, ${d.problems.length} problems (alw validate ${path.join(samples, name)})`);
  }

  say('2/6 Tiny SFT run on CPU');
  const sft = await runToEnd(path.join(samples, 'runs', 'tiny-sft.yaml'), { runsDir, python });
  if (sft.state !== 'done') return fail(`SFT run ${sft.state}: ${sft.error?.message ?? ''}`);

  say('3/6 Tiny reward model on the preference pairs');
  const reward = await runToEnd(path.join(samples, 'runs', 'tiny-reward.yaml'), { runsDir, python });
  if (reward.state !== 'done') return fail(`reward run ${reward.state}: ${reward.error?.message ?? ''}`);

  say('4/6 Exporting the reward model to ONNX');
  const onnxDir = path.join(samples, '.alw', 'reward-onnx');
  const rewardModel = path.join(reward.dir, 'output');
  // The exporter's progress and warnings are noise here; they are shown only if it fails.
  const exported = spawnSync(python, ['-m', 'alw_trainer', 'export-onnx', '--model', rewardModel, '--out', onnxDir], { encoding: 'utf8', env: safePathEnv });
  if (exported.status !== 0) return fail(`ONNX export failed:\n${exported.stderr}`);
  console.error(`exported to ${onnxDir}`);

  say('5/6 Scoring a preference pair with onnxruntime-node, checked against PyTorch');
  const pair = preferencePair((await readRecord(path.join(samples, 'preferences.jsonl'), 0)).record, 'preferences.jsonl:1');
  const scorer = await RewardScorer.load(onnxDir);
  const onnx = [await scorer.score(pair.prompt, pair.chosen), await scorer.score(pair.prompt, pair.rejected)];
  const torch = JSON.parse(execFileSync(python, ['-m', 'alw_trainer', 'score', '--model', rewardModel,
    '--prompt', pair.prompt, '--response', pair.chosen, '--response', pair.rejected], { encoding: 'utf8', env: safePathEnv })).scores as number[];
  const diff = Math.max(...onnx.map((s, i) => Math.abs(s - torch[i])));
  console.log(`prompt:   ${pair.prompt}`);
  console.log(`chosen:   onnx ${onnx[0].toFixed(6)}  torch ${torch[0].toFixed(6)}`);
  console.log(`rejected: onnx ${onnx[1].toFixed(6)}  torch ${torch[1].toFixed(6)}`);
  console.log(`max |onnx - torch| = ${diff.toExponential(2)}`);
  if (diff > 1e-4) return fail('ONNX and PyTorch scores differ by more than 1e-4');

  say('6/6 Evaluating the SFT model on the tiny benchmark samples (a ~1M-parameter model: chance-level numbers)');
  const data = path.join(samples, 'benchmarks');
  for (const benchmark of [path.join(data, 'demo-mcq.yaml'), path.join(packageRoot(), 'benchmarks', 'acva.yaml')]) {
    const code = await evalRunCommand(parseArgs(['--benchmark', benchmark, '--model', path.join(sft.dir, 'output'), '--data', data,
      '--method', 'both', '--limit', '4', '--runs-dir', runsDir, '--python', python]));
    if (code !== 0) return fail(`evaluation on ${benchmark} ended with exit code ${code}`);
  }
  console.log(`\nResults:\n  SFT run:      ${sft.dir}\n  reward run:   ${reward.dir}\n  reward ONNX:  ${onnxDir}\n  evaluations:  ${runsDir} (*-eval-*)`);
  return 0;
}

function fail(message: string): number {
  console.error(`demo failed: ${message}`);
  return 1;
}
