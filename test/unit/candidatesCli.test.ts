/**
 * `alw generate --candidates K` end to end (the real CLI, dist/alw.js, in a child process) against the judge
 * tests' stand-in chat-completions server (judgeStandIn.ts) and the stand-in trainer (trainerStandIn.ts, as
 * ALW_PYTHON); and `alw judge --local-model` on the stand-in trainer. The real trainer: test/engine/localFeedback.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { candidatePromptOf, candidateRequest, promptSeed } from '../../src/core/generation/candidateRequests';
import { JudgeStandIn, startStandIn, type SeenRequest, type StandInAnswer } from './judgeStandIn';
import { trainerStandIn } from './trainerStandIn';

const root = path.resolve(__dirname, '../../..');
const standIn = startStandIn;
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-candidates-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
interface Run { code: number | null; stdout: string; stderr: string }
function alw(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
const readJsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const SAMPLE_PROMPTS = path.join(root, 'samples/candidates-prompts.jsonl');

test('prompt records: text, chat turns, a query, an instruction, or an SFT conversation up to its last assistant reply; the request asks n=K with the sampling settings', () => {
  const settings = { candidates: 3, temperature: 0.8, topP: 0.9, maxNewTokens: 32, seed: 7 };
  const text = candidatePromptOf({ prompt: 'ما عاصمة المغرب؟', dialect: 'مغربي' }, 1);
  assert.ok(!('problem' in text));
  assert.deepEqual(candidateRequest('p0', text, settings), {
    id: 'p0', type: 'generate', messages: [{ role: 'user', content: 'ما عاصمة المغرب؟' }], max_new_tokens: 32, temperature: 0.8, top_p: 0.9, n: 3,
    seed: promptSeed(7, [{ role: 'user', content: 'ما عاصمة المغرب؟' }]),
  });
  // Each prompt its own seed (the trainer seeds requests one by one), the same for the same prompt and --seed.
  const seeds = ['أ', 'ب', 'ت'].map((q) => promptSeed(7, [{ role: 'user', content: q }]));
  assert.equal(new Set(seeds).size, 3);
  assert.equal(promptSeed(7, [{ role: 'user', content: 'أ' }]), seeds[0]);
  assert.notEqual(promptSeed(8, [{ role: 'user', content: 'أ' }]), seeds[0]);
  assert.ok(seeds.every((seed) => Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31));
  assert.equal(text.dialect, 'مغربي');
  const sft = candidatePromptOf({ messages: [{ role: 'system', content: 'كن موجزًا' }, { role: 'user', content: 'مرحبا' }, { role: 'assistant', content: 'أهلًا' }] }, 2);
  assert.ok(!('problem' in sft));
  assert.deepEqual(sft.messages, [{ role: 'system', content: 'كن موجزًا' }, { role: 'user', content: 'مرحبا' }]);
  const turns = [{ role: 'user', content: 'سؤال' }, { role: 'assistant', content: 'جواب' }, { role: 'user', content: 'وبعد؟' }];
  assert.deepEqual((candidatePromptOf({ prompt: turns }, 2) as { messages: unknown }).messages, turns, 'prompt turns are kept whole');
  assert.deepEqual(candidatePromptOf({ query: 'ما الوقت؟' }, 3), { line: 3, messages: [{ role: 'user', content: 'ما الوقت؟' }], prompt: 'ما الوقت؟' });
  assert.deepEqual(candidatePromptOf({ instruction: 'ترجم', input: 'hello', system: 'مترجم' }, 4),
    { line: 4, messages: [{ role: 'system', content: 'مترجم' }, { role: 'user', content: 'ترجم\n\nhello' }], prompt: 'ترجم\n\nhello' });
  assert.deepEqual(candidatePromptOf({ query: ' ' }, 5), { problem: '`query` is empty or not a string' });
  assert.deepEqual(candidatePromptOf({ prompt: '  ' }, 3), { problem: '`prompt` is empty' });
  assert.match((candidatePromptOf({ text: 'x' }, 4) as { problem: string }).problem, /needs a `prompt`/);
  assert.match((candidatePromptOf({ messages: [{ role: 'assistant', content: 'x' }] }, 5) as { problem: string }).problem, /no user turn/);
});

test('an OpenAI-compatible server: one request per prompt with n=K; the ranked OUT keeps each prompt as given', async () => {
  const server = await standIn((r) => ({ reply: Array.from({ length: Number(r.body.n) }, (_, k) => `جواب ${k} على ${r.body.messages.at(-1)!.content.slice(0, 12)}`) }));
  const dir = workspace();
  const run = await alw(dir, ['generate', '--candidates', '3', '--input', SAMPLE_PROMPTS, '--output', 'ranked.jsonl', '--base-url', server.baseUrl,
    '--model-name', 'policy-7b', '--temperature', '0.7', '--top-p', '0.95', '--max-new-tokens', '40', '--seed', '5'], { ALW_GENERATE_API_KEY: 'sk-gen' });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests.length, 3);
  for (const r of server.requests) {
    assert.deepEqual([r.body.model, r.body.n, r.body.temperature, r.body.top_p, r.body.max_tokens, r.body.seed], ['policy-7b', 3, 0.7, 0.95, 40, promptSeed(5, r.body.messages)]);
    assert.equal(r.headers.authorization, 'Bearer sk-gen');
  }
  const out = readJsonl(path.join(dir, 'ranked.jsonl'));
  const prompts = readJsonl(SAMPLE_PROMPTS);
  assert.deepEqual(out.map((r) => r.prompt), prompts.map((p) => p.query));
  assert.deepEqual(out.map((r) => r.responses.length), [3, 3, 3]);
  assert.equal(out[1].dialect, 'مصري');
  assert.match(out[0].responses[2], /^جواب 2 على ما عاصمة/);
  assert.equal(server.requests[2].body.messages.length, 1);
  assert.match(run.stderr, /generate: 3\/3 requests/);
});

test('a server that ignores n is asked again, each time with the next seed, until K candidates', async () => {
  const server = await standIn((r) => ({ reply: `عينة بالبذرة ${r.body.seed}` }));
  const dir = workspace();
  writeFileSync(path.join(dir, 'prompts.jsonl'), '{"prompt": "اكتب بيت شعر."}\n');
  const run = await alw(dir, ['generate', '--candidates', '3', '--input', 'prompts.jsonl', '--output', 'ranked.jsonl', '--base-url', server.baseUrl, '--model-name', 'm']);
  assert.equal(run.code, 0, run.stderr);
  const seed = promptSeed(0, [{ role: 'user', content: 'اكتب بيت شعر.' }]);
  assert.deepEqual(server.requests.map((r) => [r.body.n, r.body.seed]), [[3, seed], [2, seed + 1], [1, seed + 2]]);
  assert.deepEqual(readJsonl(path.join(dir, 'ranked.jsonl'))[0].responses, [0, 1, 2].map((k) => `عينة بالبذرة ${seed + k}`));
});

test('unusable prompt records are listed at FILE:LINE:COLUMN and nothing is sent; a server error writes nothing', async () => {
  const server = await standIn(() => ({ status: 404, body: '{"error":"model not found"}' }));
  const dir = workspace();
  writeFileSync(path.join(dir, 'prompts.jsonl'), '{"prompt": "سؤال"}\n{"text": "ليس سؤالًا"}\n{"prompt": \n');
  const bad = await alw(dir, ['generate', '--candidates', '2', '--input', 'prompts.jsonl', '--output', 'ranked.jsonl', '--base-url', server.baseUrl, '--model-name', 'm']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /prompts\.jsonl:2:1: needs a `prompt`/);
  assert.match(bad.stderr, /prompts\.jsonl:3:\d+: /);
  assert.equal(server.requests.length, 0);
  writeFileSync(path.join(dir, 'prompts.jsonl'), '{"prompt": "سؤال"}\n');
  const failed = await alw(dir, ['generate', '--candidates', '2', '--input', 'prompts.jsonl', '--output', 'ranked.jsonl', '--base-url', server.baseUrl, '--model-name', 'm']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /HTTP 404.*model not found[\s\S]*nothing was written/);
  assert.equal(existsSync(path.join(dir, 'ranked.jsonl')), false);
  const usage = await alw(dir, ['generate', '--candidates', '1', '--input', 'prompts.jsonl', '--output', 'o.jsonl', '--base-url', server.baseUrl, '--model-name', 'm']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--candidates takes an integer of at least 2/);
});

function hfFolder(dir: string): string {
  const model = path.join(dir, 'policy');
  mkdirSync(model);
  writeFileSync(path.join(model, 'config.json'), '{}');
  writeFileSync(path.join(model, 'model.safetensors'), 'w');
  return model;
}

test('--model DIR: one trainer run of generate requests with n=K and the seed; the run folder is removed once answered', async () => {
  const trainer = trainerStandIn();
  const dir = workspace();
  const model = hfFolder(dir);
  const run = await alw(dir, ['generate', '--candidates', '3', '--input', SAMPLE_PROMPTS, '--output', 'ranked.jsonl', '--model', 'policy', '--seed', '11', '--max-new-tokens', '24'], { ALW_PYTHON: trainer.python });
  assert.equal(run.code, 0, run.stderr);
  const [only, ...rest] = trainer.runs();
  assert.equal(rest.length, 0);
  assert.equal(only.config.model, model);
  assert.deepEqual(only.requests.map((r) => [r.id, r.type, r.n, r.seed, r.temperature, r.top_p, r.max_new_tokens]),
    [0, 1, 2].map((i) => [`prompt-${i}`, 'generate', 3, promptSeed(11, only.requests[i].messages), 1, 1, 24]));
  assert.deepEqual(only.requests[2].messages, [{ role: 'user', content: readJsonl(SAMPLE_PROMPTS)[2].query }]);
  const out = readJsonl(path.join(dir, 'ranked.jsonl'));
  const seed0 = promptSeed(11, only.requests[0].messages);
  assert.deepEqual(out[0].responses, [0, 1, 2].map((k) => `عينة ${k} (seed ${seed0})`));
  assert.deepEqual(readdirSync(path.join(dir, '.alw/cache/generate')), []);
});

test('alw judge --local-model: the report holds each order\'s probabilities; OUT names the model folder', async () => {
  const trainer = trainerStandIn();
  const dir = workspace();
  const model = hfFolder(dir);
  writeFileSync(path.join(dir, 'ranked.jsonl'), JSON.stringify({ prompt: 'ما عاصمة المغرب؟', responses: ['الرباط (9/10)', 'فاس (3/10)'] }) + '\n');
  const args = ['judge', 'ranked.jsonl', '--output', 'pairs.jsonl', '--report', 'report.jsonl', '--local-model', 'policy', '--json'];
  const run = await alw(dir, args, { ALW_PYTHON: trainer.python });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).decisive, 1);
  const [pair] = readJsonl(path.join(dir, 'pairs.jsonl'));
  assert.deepEqual([pair.chosen, pair.rejected, pair.judge_model], ['الرباط (9/10)', 'فاس (3/10)', model]);
  const [report] = readJsonl(path.join(dir, 'report.jsonl'));
  assert.deepEqual([report.ab.verdict, report.ab.probs, report.ba.verdict, report.ba.probs], ['A', { A: 0.7, B: 0.2, C: 0.1 }, 'B', { A: 0.15, B: 0.75, C: 0.1 }]);
  const both = await alw(dir, [...args, '--base-url', 'http://127.0.0.1:9/v1'], { ALW_PYTHON: trainer.python });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--local-model replaces --base-url and --model/);
  const rationaleFlag = await alw(dir, ['judge', 'ranked.jsonl', '--rationale', '--output', 'p2.jsonl', '--local-model', 'policy'], { ALW_PYTHON: trainer.python });
  assert.equal(rationaleFlag.code, 0, rationaleFlag.stderr);
  assert.equal(trainer.runs().length, 3, '--rationale is a flag (it does not swallow the next option): two more runs');
});

test('empty candidates are dropped (the judge cannot compare them); a prompt left with fewer than 2 is left out and named', async () => {
  const server = await standIn((r) => ({ reply: r.body.messages[0].content === 'أ' ? ['نعم', '  ', 'لا'] : ['', 'وحيد', '\n'] }));
  const dir = workspace();
  writeFileSync(path.join(dir, 'prompts.jsonl'), '{"prompt": "أ"}\n{"prompt": "ب"}\n');
  const run = await alw(dir, ['generate', '--candidates', '3', '--input', 'prompts.jsonl', '--output', 'ranked.jsonl', '--base-url', server.baseUrl, '--model-name', 'm']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readJsonl(path.join(dir, 'ranked.jsonl')), [{ prompt: 'أ', responses: ['نعم', 'لا'] }]);
  assert.match(run.stderr, /left out prompts\.jsonl:2:1: only 1 non-empty candidate\b/);
  assert.match(run.stderr, /1 prompts, up to 3 candidates each; 3 empty candidates dropped; 1 prompts left out/);
});
