/**
 * A stand-in for `python -m alw_trainer run CONFIG --output-dir OUT` with `stage: eval`, for unit tests of the
 * TS side of the requests contract (REQUESTS-FORMAT.md) — the real trainer is exercised by
 * test/engine/localFeedback.test.ts. It is an executable script used as the Python interpreter: it records each
 * run (its folder, config and requests) in runs.jsonl beside itself and answers as the contract says:
 * `choice_probs` by the "(N/10)" marks in slots A and B of the shipped rubric (higher mark most probable, equal
 * marks: C), `generate` with n numbered samples naming the seed. A context containing TOO-LONG gets a
 * per-request `error`. Mode `old` answers like a trainer without `stage: eval`.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface StandInRun {
  cwd: string;
  config: { stage: string; model: string; evaluation: { requests: string; batch_size?: number } };
  requests: Record<string, any>[];
}

const SCRIPT = (mode: string) => `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
const args = process.argv.slice(2);
const out = args[args.indexOf('--output-dir') + 1];
const config = JSON.parse(fs.readFileSync(args[3], 'utf8'));
const emit = (e) => process.stdout.write(JSON.stringify({ time: 0, ...e }) + '\\n');
if (${JSON.stringify(mode)} === 'old') {
  emit({ type: 'error', message: "\`stage\` must be one of sft, reward, pretrain, dpo, rlaif (got 'eval')", cause: 'bad_config' });
  process.exit(1);
}
const requests = fs.readFileSync(path.resolve(config.evaluation.requests), 'utf8').trim().split('\\n').map((l) => JSON.parse(l));
fs.appendFileSync(path.join(__dirname, 'runs.jsonl'), JSON.stringify({ cwd: process.cwd(), config, requests }) + '\\n');
fs.mkdirSync(out, { recursive: true });
const slot = (text, name) => new RegExp('\\\\[بداية إجابة المساعد ' + name + '\\\\]\\\\n([\\\\s\\\\S]*?)\\\\n\\\\[نهاية').exec(text)?.[1] ?? '';
const mark = (text) => Number(/\\((\\d+)\\/10\\)/.exec(text)?.[1] ?? 0);
emit({ type: 'start', total_steps: requests.length });
requests.forEach((r, i) => {
  const context = r.messages.map((m) => m.content).join('\\n');
  const base = { id: r.id, type: r.type, request_hash: 'h' + i, model_fingerprint: 'stand-in', prompt_tokens: context.length };
  let result;
  if (context.includes('TOO-LONG')) result = { ...base, error: 'the context is longer than max_length (2048 tokens)' };
  else if (r.type === 'choice_probs') {
    const a = mark(slot(context, 'A')), b = mark(slot(context, 'B'));
    const probs = a > b ? { A: 0.7, B: 0.2, C: 0.1 } : a < b ? { A: 0.15, B: 0.75, C: 0.1 } : { A: 0.2, B: 0.2, C: 0.6 };
    result = { ...base, probs };
  } else {
    const n = r.n ?? 1;
    result = { ...base, responses: Array.from({ length: n }, (_, k) => 'عينة ' + k + ' (seed ' + (r.seed ?? 0) + ')'), tokens: Array(n).fill(3) };
  }
  fs.appendFileSync(path.join(out, 'results.jsonl'), JSON.stringify(result) + '\\n');
  emit({ type: 'progress', step: i + 1, total_steps: requests.length });
});
emit({ type: 'done' });
`;

/** Writes the stand-in into a new folder; returns its path (use it as the Python interpreter) and its runs. */
export function trainerStandIn(mode: 'ok' | 'old' = 'ok'): { python: string; runs: () => StandInRun[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-trainer-stand-in-'));
  const python = path.join(dir, 'python');
  writeFileSync(python, SCRIPT(mode));
  chmodSync(python, 0o755);
  const runs = () => {
    try {
      return readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as StandInRun);
    } catch {
      return [];
    }
  };
  return { python, runs };
}
