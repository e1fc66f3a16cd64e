/**
 * The offline AI-feedback steps on the real trainer (`stage: eval`) and the tiny model: `alw generate
 * --candidates 3` samples a ranked file, `alw judge --local-model` judges it with next-token verdict
 * probabilities. Skipped, with the reason, while the installed trainer has no `stage: eval` (probed once).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const offline = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1', ALW_PYTHON: python };
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-local-feedback-'));
after(() => rmSync(workspace, { recursive: true, force: true }));
const tiny = path.join(workspace, 'tiny');
const prompts = path.join(repoRoot, 'samples/candidates-prompts.jsonl');

let ready: Promise<string | undefined> | undefined;
/** Undefined when the trainer takes `stage: eval` (and the tiny model is built); else why the tests skip. */
function evalStage(): Promise<string | undefined> {
  ready ??= (async () => {
    const probe = path.join(workspace, 'probe');
    mkdirSync(probe);
    writeFileSync(path.join(probe, 'requests.jsonl'), '');
    writeFileSync(path.join(probe, 'config.yaml'), JSON.stringify({ stage: 'eval', model: path.join(probe, 'no-model'), evaluation: { requests: 'requests.jsonl' } }));
    const run = spawnSync(python, ['-m', 'alw_trainer', 'run', 'config.yaml', '--output-dir', 'out'], { cwd: probe, env: offline, encoding: 'utf8' });
    if (/`stage` must be one of (?:(?!eval)[^(])*\(got 'eval'\)/.test(run.stdout)) return 'the installed trainer has no `stage: eval` yet (python -m alw_trainer run rejects it): merge the trainerreq branch';
    execFileSync(python, ['-m', 'alw_trainer', 'init-tiny', '--corpus', path.join(repoRoot, 'samples/sft.jsonl'), '--out', tiny], { env: offline, stdio: 'ignore' });
    return undefined;
  })();
  return ready;
}

async function skipWithoutEval(t: TestContext): Promise<boolean> {
  const reason = await evalStage();
  if (reason) t.skip(reason);
  return reason !== undefined;
}

function alw(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist/alw.js'), ...args], { cwd: workspace, env: offline, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const readJsonl = (file: string) => readFileSync(path.resolve(workspace, file), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('alw generate --candidates 3 on the tiny model: 3 sampled responses per prompt, the same again for the same seed', async (t) => {
  if (await skipWithoutEval(t)) return;
  const args = ['generate', '--candidates', '3', '--input', prompts, '--model', tiny, '--max-new-tokens', '8', '--seed', '3'];
  const first = alw([...args, '--output', 'ranked.jsonl']);
  assert.equal(first.code, 0, first.stderr);
  const ranked = readJsonl('ranked.jsonl');
  assert.deepEqual(ranked.map((r) => r.prompt), readJsonl(prompts).map((p: { query: string }) => p.query));
  for (const r of ranked) assert.ok(r.responses.length === 3 && r.responses.every((x: unknown) => typeof x === 'string'), JSON.stringify(r));
  // Each prompt has its own seed: one seed for all gave the tiny model's prompts the very same candidates.
  assert.notDeepEqual(ranked[0].responses, ranked[1].responses);
  const again = alw([...args, '--output', 'ranked-again.jsonl']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(readJsonl('ranked-again.jsonl'), ranked, 'seeded sampling repeats');
});

test('alw judge --local-model on the tiny model: every order gets a verdict, the argmax of its A/B/C probabilities', async (t) => {
  if (await skipWithoutEval(t)) return;
  writeFileSync(path.join(workspace, 'to-judge.jsonl'), readFileSync(prompts, 'utf8').trim().split('\n').map((line, i) =>
    JSON.stringify({ prompt: JSON.parse(line).query, responses: [`جواب أول ${i}`, `جواب ثان ${i}`, `جواب ثالث ${i}`] })).join('\n') + '\n');
  const run = alw(['judge', 'to-judge.jsonl', '--output', 'pairs.jsonl', '--report', 'report.jsonl', '--local-model', tiny, '--json', '--cache', 'judge-cache']);
  assert.equal(run.code, 0, run.stderr);
  const counts = JSON.parse(run.stdout);
  assert.deepEqual([counts.pairs, counts.requests, counts.unparsed], [9, 18, 0]);
  for (const r of readJsonl('report.jsonl')) {
    for (const order of [r.ab, r.ba]) {
      const probs = order.probs as Record<string, number>;
      assert.ok(Math.abs(probs.A + probs.B + probs.C - 1) < 1e-4, JSON.stringify(probs));
      const best = (['A', 'B', 'C'] as const).reduce((a, b) => (probs[b] > probs[a] ? b : a));
      assert.equal(order.verdict, best);
    }
  }
  const rationale = alw(['judge', 'to-judge.jsonl', '--output', 'pairs-r.jsonl', '--report', 'report-r.jsonl', '--local-model', tiny, '--rationale', '--max-tokens', '6', '--json', '--cache', 'judge-cache']);
  assert.equal(rationale.code, 0, rationale.stderr);
  for (const r of readJsonl('report-r.jsonl')) assert.match(r.ab.reply, /\[\[[ABC]\]\]$/);
});
