/**
 * `alw judge` end to end: the real CLI (dist/alw.js) in a child process against a stand-in chat-completions
 * server (judgeStandIn.ts: the one test double, an in-process node:http server on 127.0.0.1 standing for a
 * remote OpenAI-compatible judge). Real files in a temporary workspace; the trainer's own preference loader reads OUT.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fairJudge, JudgeStandIn, startStandIn, type SeenRequest, type StandInAnswer } from './judgeStandIn';

const root = path.resolve(__dirname, '../../..');
const KEY = 'sk-alw-test-KEY-9f3c2e';
const standIn = startStandIn;

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-judge-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs alw without blocking this process's event loop (the stand-in server lives in it). */
function alw(cwd: string, args: string[], onStart?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  const child = spawn(process.execPath, [path.join(root, 'dist/alw.js'), ...args], { cwd, env: { ...process.env, ALW_JUDGE_API_KEY: KEY } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  onStart?.(child);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const readJsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

const RANKED = [
  { prompt: 'ما عاصمة المغرب؟', responses: ['الرباط (9/10)', 'الدار البيضاء (2/10)', 'الرباط، وهي مدينة على الأطلسي (7/10)'] },
  { prompt: 'اكتب تحية صباحية.', responses: ['صباح الخير (5/10)', 'صباح النور (5/10)'], dialect: 'مصري' },
];

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as { path: string }).path, e.name));

test('alw judge: ranked IN gives K(K−1)/2 pairs judged both ways; OUT has the decisive ones for the trainer; the key is written nowhere', async () => {
  const server = await standIn(fairJudge);
  const dir = workspace();
  writeFileSync(path.join(dir, 'ranked.jsonl'), jsonl(RANKED));
  const args = ['judge', 'ranked.jsonl', '--output', 'pairs.jsonl', '--report', 'report.jsonl', '--base-url', server.baseUrl, '--model', 'judge-7b', '--json'];
  const run = await alw(dir, args);
  assert.equal(run.code, 0, run.stderr);
  const counts = JSON.parse(run.stdout);
  assert.equal(counts.pairs, 4); // 3·2/2 + 2·1/2
  assert.equal(counts.requests, 8);
  assert.deepEqual([counts.decisive, counts.tie, counts.inconsistent, counts.unparsed, counts.retries], [3, 1, 0, 0, 0]);
  assert.deepEqual(counts.tokens, { prompt: 800, completion: 160, total: 960 });
  assert.match(run.stderr, /about \d+ prompt tokens .*a guess: characters \/ 2\.5/);
  assert.equal(server.requests.length, 8);
  assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`), 'the key is sent to the server');
  assert.ok(server.requests.some((r) => r.prompt.includes('باللهجة المطلوبة (مصري)')), "the record's dialect reaches the rubric");

  const out = readJsonl(path.join(dir, 'pairs.jsonl'));
  assert.deepEqual(out.map((r) => [r.chosen, r.rejected]), [
    ['الرباط (9/10)', 'الدار البيضاء (2/10)'], ['الرباط (9/10)', 'الرباط، وهي مدينة على الأطلسي (7/10)'], ['الرباط، وهي مدينة على الأطلسي (7/10)', 'الدار البيضاء (2/10)'],
  ]);
  for (const r of out) {
    assert.equal(r.prompt, 'ما عاصمة المغرب؟');
    assert.equal(r.judge_model, 'judge-7b');
    assert.match(r.judge_rubric_hash, /^[0-9a-f]{64}$/);
    assert.match(r.judge_rationale, /أدق وأوضح/);
  }
  const report = readJsonl(path.join(dir, 'report.jsonl'));
  assert.deepEqual(report.map((r) => [r.source, r.responses, r.outcome]), [
    ['ranked.jsonl:1', [0, 1], 'first'], ['ranked.jsonl:1', [0, 2], 'first'], ['ranked.jsonl:1', [1, 2], 'second'], ['ranked.jsonl:2', [0, 1], 'tie'],
  ]);
  assert.deepEqual([report[0].ab.verdict, report[0].ba.verdict], ['A', 'B']);

  // The trainer's preference loader (reward and DPO stages) takes every record as it is.
  const python = path.join(root, '.venv/bin/python');
  if (existsSync(python)) {
    const check = spawnSync(python, ['-c', 'import sys; from alw_trainer.jsonl_reader import read_jsonl; from alw_trainer.record_checks import check_preference_record as c; '
      + 'w = []; print(len(list(read_jsonl(sys.argv[1], c, w.append))), len(w))', path.join(dir, 'pairs.jsonl')], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(root, 'trainer') } });
    assert.equal(check.stdout.trim(), '3 0', check.stderr);
  }

  // A second run pays nothing: every reply comes from the cache (.alw/cache/judge in the workspace).
  const again = await alw(dir, args);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(server.requests.length, 8);
  assert.deepEqual([JSON.parse(again.stdout).requests, JSON.parse(again.stdout).cached], [0, 8]);
  assert.deepEqual(readJsonl(path.join(dir, 'pairs.jsonl')), out);

  const written = filesUnder(dir);
  assert.ok(written.some((f) => f.includes(path.join('.alw', 'cache', 'judge'))), 'the cache is in the workspace');
  for (const file of written) assert.ok(!readFileSync(file, 'utf8').includes(KEY), `${file} holds the key`);
  for (const text of [run.stdout, run.stderr, again.stdout, again.stderr]) assert.ok(!text.includes(KEY));
});

test('alw judge: a preference file is re-judged; pairs the judge reverses come out swapped; unparsed replies are shown, exit 0', async () => {
  const server = await standIn((r) => (r.prompt.includes('لا أعرف') ? { reply: 'hmm, hard to say' } : fairJudge(r)));
  const dir = workspace();
  writeFileSync(path.join(dir, 'prefs.jsonl'), jsonl([
    { prompt: 'س١', chosen: 'جيد (8/10)', rejected: 'رديء (1/10)' },
    { prompt: 'س٢', chosen: 'رديء (2/10)', rejected: 'جيد (9/10)' },
    { prompt: 'س٣', chosen: 'لا أعرف (4/10)', rejected: 'ربما (3/10)' },
  ]));
  const run = await alw(dir, ['judge', 'prefs.jsonl', '--output', 'out.jsonl', '--base-url', server.baseUrl, '--model', 'j']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readJsonl(path.join(dir, 'out.jsonl')).map((r) => [r.prompt, r.chosen, r.rejected]), [['س١', 'جيد (8/10)', 'رديء (1/10)'], ['س٢', 'جيد (9/10)', 'رديء (2/10)']]);
  assert.match(run.stderr, /3 pairs: 2 decisive, 0 tie, 0 inconsistent, 1 unparsed/);
  assert.match(run.stderr, /unparsed prefs\.jsonl:3 .*"hmm, hard to say"/);
});

test('alw judge: a position-biased judge makes every pair inconsistent and OUT empty', async () => {
  const server = await standIn(() => ({ reply: 'A\n[[A]]' }));
  const dir = workspace();
  writeFileSync(path.join(dir, 'ranked.jsonl'), jsonl(RANKED));
  const run = await alw(dir, ['judge', 'ranked.jsonl', '--output', 'out.jsonl', '--base-url', server.baseUrl, '--model', 'j']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /0 decisive, 0 tie, 4 inconsistent \(position bias: favoured A 4, favoured B 0\)/);
  assert.equal(readFileSync(path.join(dir, 'out.jsonl'), 'utf8'), '');
});

test('alw judge: --max-requests stops cleanly and a re-run finishes from the cache', async () => {
  const server = await standIn(fairJudge);
  const dir = workspace();
  writeFileSync(path.join(dir, 'ranked.jsonl'), jsonl(RANKED));
  const args = (n: string) => ['judge', 'ranked.jsonl', '--output', 'out.jsonl', '--base-url', server.baseUrl, '--model', 'j', '--concurrency', '2', '--max-requests', n, '--json'];
  const capped = await alw(dir, args('3'));
  assert.equal(capped.code, 0, capped.stderr);
  const counts = JSON.parse(capped.stdout);
  assert.deepEqual([counts.requests, counts.stoppedAtMaxRequests, counts.decisive, counts.notJudged], [3, true, 1, 3]);
  assert.equal(server.requests.length, 3);
  assert.match(capped.stderr, /3 requests to send \(capped by --max-requests 3\)/);
  const rest = JSON.parse((await alw(dir, args('100'))).stdout);
  assert.deepEqual([rest.requests, rest.cached, rest.decisive, rest.tie], [5, 3, 3, 1]);
});

test('alw judge: Ctrl+C stops cleanly (exit 130, nothing written); a failing server exits 1 without the key it echoes', async () => {
  const hung = await standIn(() => 'hang');
  const dir = workspace();
  writeFileSync(path.join(dir, 'ranked.jsonl'), jsonl(RANKED));
  const cancelled = await alw(dir, ['judge', 'ranked.jsonl', '--output', 'out.jsonl', '--base-url', hung.baseUrl, '--model', 'j'], (child) => {
    const poll = setInterval(() => { if (hung.requests.length > 0) { clearInterval(poll); child.kill('SIGINT'); } }, 10);
  });
  assert.equal(cancelled.code, 130, cancelled.stderr);
  assert.match(cancelled.stderr, /cancelled; nothing was written/);
  assert.ok(!existsSync(path.join(dir, 'out.jsonl')));
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), []);

  const echoing = await standIn((r) => ({ status: 500, headers: { 'retry-after': '0' }, body: `{"error":"upstream failed for ${r.headers.authorization}"}` }));
  const failed = await alw(dir, ['judge', 'ranked.jsonl', '--output', 'out.jsonl', '--base-url', echoing.baseUrl, '--model', 'j', '--retries', '1', '--concurrency', '1']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /HTTP 500.*gave up after 2 attempts/);
  assert.match(failed.stderr, /Bearer \*\*\*/);
  assert.ok(!failed.stderr.includes(KEY));
  assert.ok(!existsSync(path.join(dir, 'out.jsonl')));
});

test('alw judge: unusable records are refused at FILE:LINE:COLUMN before any request; usage mistakes exit 2', async () => {
  const server = await standIn(fairJudge);
  const dir = workspace();
  writeFileSync(path.join(dir, 'bad.jsonl'), `${JSON.stringify(RANKED[0])}\n{"prompt": "x", "responses": ["only one"]}\n{"prompt": oops}\n`);
  const run = await alw(dir, ['judge', 'bad.jsonl', '--output', 'out.jsonl', '--base-url', server.baseUrl, '--model', 'j']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /bad\.jsonl:2:1: a ranked record needs at least 2 responses/);
  assert.match(run.stderr, /bad\.jsonl:3:\d+: /);
  assert.equal(server.requests.length, 0);
  assert.equal((await alw(dir, ['judge', 'bad.jsonl', '--output', 'o.jsonl'])).code, 2); // no --base-url / --model
  assert.equal((await alw(dir, ['judge', 'bad.jsonl', '--output', 'o.jsonl', '--base-url', server.baseUrl, '--model', 'j', '--concurrency', '0'])).code, 2);
  assert.match((await alw(dir, ['--help'])).stdout, /alw judge IN --output OUT/);
});

test('progress: a terminal gets one updating line with done/total, rate and ETA; a log a plain line per tenth', async () => {
  const { rateProgress } = await import('../../src/cli/rateProgress');
  let clock = 0;
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
  };
  const tty = sink(true);
  const onTty = rateProgress('judge', tty.stream, () => clock);
  clock = 2000;
  onTty.update(4, 20);
  onTty.finish();
  assert.deepEqual(tty.chunks, ['\rjudge: 4/20 requests, 2.0/s ETA 8s\x1b[K', '\n']);
  const log = sink(false);
  clock = 0;
  const onLog = rateProgress('judge', log.stream, () => clock);
  for (let done = 1; done <= 20; done++) { clock = done * 100; onLog.update(done, 20); }
  assert.equal(log.chunks.length, 11); // the first update, then one at each tenth
  assert.ok(log.chunks.every((c) => c.endsWith('\n') && !c.includes('\r')));
  assert.equal(log.chunks.at(-1), 'judge: 20/20 requests, 10.0/s\n');
});
