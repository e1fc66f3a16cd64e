#!/usr/bin/env node
// End-to-end tests of the extension in REAL VS Code (code-server: the VS Code 1.139 workbench with a Node
// extension host), driven by Debian chromium through playwright-core. Nothing is downloaded at test time.
//
//   bash scripts/e2e-setup.sh          # once per machine (≈3.5 min cold, ≈0 s when done)
//   node test/e2e/run.mjs              # build + package + both phases
//
// Phases:
//   suite  mocha suites (test/suite/*.test.ts) inside the real extension host, through code-server's
//          smoke-test driver and a payload (extensionDevelopmentPath = this repository).
//   ui     what a person sees, with the packaged .vsix installed: diagnostics in the Problems panel,
//          Set Up Python Environment, a training run in the Run panel, the Compare panel.
//
// Options:
//   --only suite|ui       run one phase
//   --no-build            use the existing dist/, out/ and dist-vsix/*.vsix
//   --keep                keep the temporary folder (workspace copies, user data, logs)
// Environment:
//   E2E_PYTHON            interpreter for arabicLLM.python.interpreter (default: <repo>/.venv/bin/python)
//   E2E_REWARD_MODEL_DIR  reuse an exported reward model (model.onnx, tokenizer.json, alw_scoring.json)
//   E2E_POLICY_MODEL_DIR  reuse an exported policy (export-onnx --kind policy)
//   E2E_VSIX              the .vsix to install (default: the one scripts/package-vsix.mjs builds)
//   E2E_RUN_TIMEOUT_S     how long the UI waits for the tiny SFT run to finish before cancelling it (240)
//
// Output: one line per test, a closing summary ("N passed, N failed"), exit code 1 on any failure;
// screenshots and logs in test-results/.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Harness } from './lib/harness.mjs';
import { CodeServer, ensureSetup, killStrays, repoRoot, cacheDir } from './lib/codeServer.mjs';
import { launchBrowser, notifications, pickQuickItem, poll, quickOpen, runCommand, screenshot, sleep, tidy, waitForWorkbench, webviewFrame } from './lib/browser.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const build = !argv.includes('--no-build');
const keep = argv.includes('--keep');
const phases = only ? [only] : ['suite', 'ui'];
// --flows a,b: in the ui phase run only the opening test and these flows from test/e2e/flows/ (for iterating).
const flowFilter = argv.includes('--flows') ? argv[argv.indexOf('--flows') + 1].split(',') : null;

const resultsDir = path.join(repoRoot, 'test-results');
const logsDir = path.join(resultsDir, 'e2e-logs');
const python = process.env.E2E_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const runTimeoutS = Number(process.env.E2E_RUN_TIMEOUT_S ?? 240);
const EXTENSION_ID = 'arabic-llm-workbench.arabic-llm-workbench';

rmSync(logsDir, { recursive: true, force: true });
mkdirSync(logsDir, { recursive: true });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'alw-e2e-'));
const h = new Harness(resultsDir);
const cleanups = [];
let finished = false;

async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
  const strays = killStrays(tmp);
  if (strays.length) console.log(`[e2e] ended ${strays.length} leftover process(es) of this run: ${strays.map((s) => s.split(' ')[0]).join(', ')}`);
  if (!keep) rmSync(tmp, { recursive: true, force: true });
  else console.log(`[e2e] kept ${tmp}`);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (finished) return;
    finished = true;
    console.log(`[e2e] ${signal}: cleaning up`);
    await cleanup();
    process.exit(130);
  });
}

const log = (text) => console.log(`[e2e] ${text}`);
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/** Copies samples/ (without run folders) so the tests never dirty the repository. */
function copySamples(dest) {
  cpSync(path.join(repoRoot, 'samples'), dest, { recursive: true, filter: (src) => !src.includes(`${path.sep}.alw`) });
  return dest;
}

function userSettings(extra = {}) {
  return {
    'arabicLLM.python.interpreter': python,
    ...extra,
  };
}

/** Copies code-server's logs (window, extension host, output channels) next to the results. */
function saveLogs(cs, name) {
  const from = path.join(cs.userDataDir, 'logs');
  if (existsSync(from)) cpSync(from, path.join(logsDir, `${name}-vscode-logs`), { recursive: true });
}

/** The tail of the extension host log and of our extension's output channel(s), for failure messages. */
function logTail(cs, lines = 25) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost\.log$|Arabic|arabic/i.test(e.name)) found.push(p);
    }
  };
  try { walk(path.join(cs.userDataDir, 'logs')); } catch { return ''; }
  return found.map((f) => `--- ${path.relative(cs.userDataDir, f)}\n${readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`).join('\n');
}

// ---------------------------------------------------------------- ONNX models (Compare panel, generation)

/**
 * Trains a tiny model from a sample run config and exports it to ONNX with the trainer CLI, in its own copy of the
 * samples: the reward model (for the Compare panel) or the SFT policy (for generation). Cached in
 * .cache/e2e/<name>-<hash of trainer sources + samples> so a re-run costs nothing.
 */
function prepareOnnxModel(name, runConfig, exportArgs) {
  const fromEnv = process.env[`E2E_${name.toUpperCase().replace(/-/g, '_')}_DIR`];
  if (fromEnv) return Promise.resolve({ dir: fromEnv, note: `from the environment` });
  const hash = createHash('sha256');
  const addTree = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (!/^(__pycache__|\.alw|.*\.egg-info|build|tests)$/.test(e.name)) addTree(p); }
      else if (/\.(py|toml|jsonl|yaml)$/.test(e.name)) hash.update(`${path.relative(repoRoot, p)}\0`).update(readFileSync(p));
    }
  };
  addTree(path.join(repoRoot, 'trainer'));
  addTree(path.join(repoRoot, 'samples'));
  const dir = path.join(cacheDir, `${name}-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(path.join(dir, 'model.onnx'))) return Promise.resolve({ dir, note: `cached ${path.relative(repoRoot, dir)}` });
  if (!existsSync(python)) return Promise.reject(new Error(`no Python at ${python} (run the project's setup script, or set E2E_PYTHON)`));

  const work = path.join(tmp, name);
  const ws = copySamples(path.join(work, 'ws'));
  const logFile = path.join(logsDir, `${name}.log`);
  const runCmd = (args) => new Promise((resolve, reject) => {
    writeFileSync(logFile, `$ ${python} ${args.join(' ')}\n`, { flag: 'a' });
    const child = spawn(python, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1', TOKENIZERS_PARALLELISM: 'false' } });
    let tail = '';
    const onData = (d) => { writeFileSync(logFile, d, { flag: 'a' }); tail = (tail + d).slice(-3000); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`python ${args.slice(0, 3).join(' ')} exited ${code}:\n${tail}`))));
  });
  const t0 = Date.now();
  return (async () => {
    const model = path.join(work, 'model');
    const exported = path.join(work, 'onnx');
    await runCmd(['-m', 'alw_trainer', 'run', path.join(ws, runConfig), '--output-dir', model]);
    await runCmd(['-m', 'alw_trainer', 'export-onnx', ...exportArgs, '--model', model, '--out', exported]);
    if (!existsSync(path.join(exported, 'model.onnx'))) throw new Error(`export-onnx wrote no model.onnx in ${exported}`);
    mkdirSync(path.dirname(dir), { recursive: true });
    cpSync(exported, dir, { recursive: true });
    return { dir, note: `trained and exported in ${secs(t0)}` };
  })();
}

// ---------------------------------------------------------------- phase: mocha suites in the extension host

async function suitePhase(setup, extensionPath) {
  const bundle = path.join(extensionPath, 'out/test/suite/index.js');
  if (!existsSync(bundle)) {
    h.record('suite: in-editor mocha suites', 'fail', 0, new Error(`${bundle} is missing (npm run build bundles test/suite/index.ts)`));
    return;
  }
  const dir = path.join(tmp, 'suite');
  const ws = copySamples(path.join(dir, 'ws'));
  const resultFile = path.join(dir, 'result.json');
  const cs = new CodeServer({ node: setup.node, entry: setup.codeServer, dir, smokeTestDriver: true,
    settings: userSettings(), logFile: path.join(logsDir, 'suite-code-server.log') });
  cleanups.push(() => cs.stop());
  const t0 = Date.now();
  const startMs = await cs.start(ws);
  log(`suite: code-server up on port ${cs.port} in ${(startMs / 1000).toFixed(1)}s`);

  const browser = await launchBrowser(path.join(dir, 'browser'), path.join(logsDir, 'suite-browser-console.log'));
  cleanups.push(() => browser.close());
  const { page } = browser;
  let exitCode = null;
  const exited = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; resolve(code); });
  });
  const payload = [
    ['extensionDevelopmentPath', cs.remoteUri(extensionPath)],
    ['extensionTestsPath', cs.remoteUri(bundle)],
    ['extensionEnvironment', JSON.stringify({ RESULT_FILE: resultFile, ALW_E2E: '1' })],
  ];
  await page.goto(cs.folderUrl(ws, { payload: JSON.stringify(payload) }));

  // Progress: print each test as its result lands in RESULT_FILE.
  const seen = new Set();
  let results = null;
  const readResults = () => {
    try { results = JSON.parse(readFileSync(resultFile, 'utf8')); } catch { return; }
    for (const t of results.tests ?? []) {
      if (seen.has(t.title)) continue;
      seen.add(t.title);
      h.record(`suite › ${t.title}`, t.state === 'passed' ? 'pass' : t.state === 'pending' ? 'skip' : 'fail', t.durationMs,
        t.state === 'failed' ? t.error : t.state === 'pending' ? 'pending' : null);
    }
  };
  const deadline = Date.now() + 300_000;
  while (exitCode === null && !(results?.done) && Date.now() < deadline) {
    await Promise.race([exited, sleep(1000)]);
    readResults();
  }
  await Promise.race([exited, sleep(3000)]);
  readResults();
  if (!results) {
    h.record('suite: in-editor mocha suites', 'fail', Date.now() - t0,
      new Error(`no results in ${resultFile} (exit code ${exitCode}); the extension host did not run the suites.\n${logTail(cs)}`));
  } else if (results.fatal) {
    h.record('suite: loading the suites', 'fail', 0, new Error(results.fatal));
  } else if (!results.done) {
    h.record('suite: in-editor mocha suites finished', 'fail', Date.now() - t0, new Error(`the suites did not finish in time\n${logTail(cs)}`));
  } else if (exitCode !== null && exitCode !== 0 && results.failed === 0) {
    h.record('suite: extension host exit code', 'fail', 0, new Error(`exit code ${exitCode} although no test failed\n${logTail(cs)}`));
  }
  log(`suite: phase took ${secs(t0)} (extension host exit code ${exitCode})`);
  await browser.close();
  await cs.stop();
  saveLogs(cs, 'suite');
}

// ---------------------------------------------------------------- phase: UI flow with the packaged extension

async function uiPhase(setup, vsix, rewardModel, policyModel) {
  const dir = path.join(tmp, 'ui');
  const ws = copySamples(path.join(dir, 'ws'));
  const rewardDir = path.join(dir, 'reward-model'); // filled in when the reward model is ready
  const policyDir = path.join(dir, 'policy-model'); // filled in by the generation flow
  const cs = new CodeServer({ node: setup.node, entry: setup.codeServer, dir,
    settings: userSettings({ 'arabicLLM.scoring.modelDir': rewardDir, 'arabicLLM.generation.modelDir': policyDir }),
    logFile: path.join(logsDir, 'ui-code-server.log') });
  cleanups.push(() => cs.stop());

  let page;
  const ok = await h.test('ui: the packaged extension installs and the workbench opens the samples', async (t) => {
    const installed = cs.installExtension(vsix);
    t.note(`installed ${path.basename(vsix)} → ${installed.join(', ')}`);
    if (!installed.some((d) => d.toLowerCase().startsWith(EXTENSION_ID))) throw new Error(`extensions folder has ${installed.join(', ')}`);
    const ms = await cs.start(ws);
    t.note(`code-server up on port ${cs.port} in ${(ms / 1000).toFixed(1)}s`);
    const browser = await launchBrowser(path.join(dir, 'browser'), path.join(logsDir, 'ui-browser-console.log'));
    cleanups.push(() => browser.close());
    page = browser.page;
    const t0 = Date.now();
    await page.goto(cs.folderUrl(ws));
    await waitForWorkbench(page);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sft.jsonl' }).first().waitFor({ timeout: 60_000 });
    t.note(`workbench ready in ${secs(t0)}`);
    // What a person sees: the engine's status-bar item "ALW" turns to a check mark once the engine runs.
    const item = page.locator('.statusbar-item', { hasText: 'ALW' }).first();
    try {
      await item.locator('.codicon-check').waitFor({ timeout: 45_000 });
      t.note(`status bar shows the engine ready (✓ ALW) ${secs(t0)} after opening the page`);
    } catch {
      t.note(`status bar item "ALW" with a check mark not seen after ${secs(t0)} (text: ${await item.innerText().catch(() => 'none')})`);
    }
  });
  if (!ok) { saveLogs(cs, 'ui'); return; }
  const shots = [];
  const ctx = { h, page, ws, cs, shots, resultsDir, python, rewardModel, rewardDir, policyModel, policyDir, secs, log };
  if (flowFilter) {
    await runFlows(ctx, flowFilter);
    await cs.stop();
    saveLogs(cs, 'ui');
    return;
  }

  await h.test('ui: sft.jsonl shows its diagnostics in the Problems panel (lines 11, 15, 19, 20)', async (t) => {
    await quickOpen(page, 'sft.jsonl');
    const t0 = Date.now();
    await page.keyboard.press('Control+Shift+M'); // View: Problems
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    const expected = [11, 15, 19, 20];
    const rows = await poll(async () => {
      const texts = await panel.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label') ?? ''} | ${e.textContent ?? ''}`));
      const lines = texts.map((s) => Number((/\[Ln (\d+)/.exec(s) ?? /line (\d+)/i.exec(s) ?? [])[1])).filter((n) => n > 0);
      return expected.every((n) => lines.includes(n)) ? { texts, lines } : undefined;
    }, { timeoutMs: 30_000, everyMs: 250, what: `Problems rows at lines ${expected.join(', ')} for sft.jsonl` });
    t.note(`diagnostics visible ${secs(t0)} after opening (rows: ${rows.lines.join(', ')})`);
    const ours = rows.texts.filter((s) => /ALW00\d/.test(s));
    if (ours.length < expected.length) throw new Error(`expected ALW codes in the Problems rows, got:\n${rows.texts.join('\n')}`);
    const extra = rows.lines.filter((n) => !expected.includes(n));
    if (extra.length) throw new Error(`unexpected problems at lines ${extra.join(', ')}:\n${rows.texts.join('\n')}`);
    shots.push(await screenshot(page, path.join(resultsDir, 'diagnostics.png')));
  }, { timeoutMs: 90_000 });

  await h.test('ui: "Arabic LLM: Set Up Python Environment" confirms the configured interpreter', async (t) => {
    await page.keyboard.press('Escape');
    const before = new Set(await notifications(page));
    await runCommand(page, 'Arabic LLM: Set Up Python Environment');
    const message = await poll(async () => (await notifications(page)).find((m) => !before.has(m) && !/Setting up|Installing|Creating/i.test(m)),
      { timeoutMs: 120_000, what: 'a notification from Set Up Python Environment' });
    t.note(`notification: ${message.slice(0, 160)}`);
    if (/error|fail|cannot|could not|not found/i.test(message)) throw new Error(`setup reported a problem: ${message}`);
    if (!message.includes(python)) throw new Error(`the message does not name the configured interpreter ${python}: ${message}`);
    shots.push(await screenshot(page, path.join(resultsDir, 'setup-python.png')));
  }, { timeoutMs: 150_000 });

  await h.test('ui: Start Training Run (tiny-sft) → Run panel shows loss points and finishes', async (t) => {
    await page.keyboard.press('Escape');
    await tidy(page);
    await runCommand(page, 'Arabic LLM: Start Training Run');
    await pickQuickItem(page, 'tiny-sft', 30_000);
    const t0 = Date.now();
    const frame = await webviewFrame(page, '#run-state', 60_000);
    t.note(`Run panel visible in ${secs(t0)}`);
    const state = () => frame.$eval('#run-state', (e) => e.textContent?.trim() ?? '');
    const points = () => frame.$eval('canvas#loss-chart', (e) => Number(e.getAttribute('data-points') ?? 0));
    await poll(async () => (await points()) >= 3 || ['failed', 'cancelled'].includes(await state()), {
      timeoutMs: 240_000, everyMs: 1000, what: 'canvas#loss-chart data-points ≥ 3' });
    if ((await state()) === 'failed') throw new Error(`run failed:\n${await frame.$eval('#log', (e) => e.textContent ?? '').catch(() => '')}`.slice(0, 3000));
    t.note(`${await points()} loss points after ${secs(t0)} (state ${await state()}, step ${await frame.$eval('#run-step', (e) => e.textContent?.trim()).catch(() => '?')})`);
    let final;
    try {
      final = await poll(async () => { const s = await state(); return ['done', 'failed', 'cancelled'].includes(s) ? s : undefined; },
        { timeoutMs: runTimeoutS * 1000, everyMs: 1000, what: '#run-state done' });
    } catch {
      t.note(`not done after ${runTimeoutS}s: pressing #cancel`);
      await frame.click('#cancel');
      final = await poll(async () => { const s = await state(); return ['cancelled', 'done', 'failed'].includes(s) ? s : undefined; },
        { timeoutMs: 60_000, everyMs: 1000, what: '#run-state cancelled after #cancel' });
      if (final !== 'cancelled' && final !== 'done') throw new Error(`after cancel the state is ${final}`);
    }
    if (final === 'failed') throw new Error(`run failed:\n${await frame.$eval('#log', (e) => e.textContent ?? '').catch(() => '')}`.slice(0, 3000));
    t.note(`run ${final} after ${secs(t0)} with ${await points()} loss points`);
    await sleep(500);
    shots.push(await screenshot(page, path.join(resultsDir, 'run-panel.png')));
    const runs = path.join(ws, '.alw/runs');
    const folders = existsSync(runs) ? readdirSync(runs) : [];
    if (!folders.length) throw new Error(`no run folder in ${runs}`);
    for (const f of ['config.yaml', 'command.txt', 'events.jsonl', 'status.json']) {
      if (!existsSync(path.join(runs, folders[0], f))) throw new Error(`run folder lacks ${f}`);
    }
  }, { timeoutMs: (runTimeoutS + 420) * 1000 });

  await h.test('ui: #cancel in the Run panel stops a second tiny-sft run (state cancelled)', async (t) => {
    await page.keyboard.press('Escape');
    await tidy(page); // closes the first Run panel
    await runCommand(page, 'Arabic LLM: Start Training Run');
    await pickQuickItem(page, 'tiny-sft', 30_000);
    const t0 = Date.now();
    const frame = await webviewFrame(page, '#run-state', 60_000);
    const state = () => frame.$eval('#run-state', (e) => e.textContent?.trim() ?? '');
    await poll(async () => (await state()) === 'running' || ['done', 'failed', 'cancelled'].includes(await state()),
      { timeoutMs: 120_000, what: '#run-state running' });
    if ((await state()) !== 'running') throw new Error(`the run was ${await state()} before it could be cancelled`);
    const step = await frame.$eval('#run-step', (e) => e.textContent?.trim()).catch(() => '?');
    await frame.click('#cancel');
    t.note(`pressed #cancel at step ${step}, ${secs(t0)} after starting`);
    const final = await poll(async () => { const s = await state(); return ['cancelled', 'done', 'failed'].includes(s) ? s : undefined; },
      { timeoutMs: 60_000, what: '#run-state cancelled' });
    if (final !== 'cancelled') throw new Error(`after #cancel the state is ${final}, not cancelled`);
    t.note(`cancelled ${secs(t0)} after starting (step ${await frame.$eval('#run-step', (e) => e.textContent?.trim()).catch(() => '?')})`);
  }, { timeoutMs: 300_000 });

  await h.test('ui: Compare Responses Side by Side on preferences.jsonl line 1 shows two scores', async (t) => {
    const model = await rewardModel;
    cpSync(model.dir, rewardDir, { recursive: true });
    t.note(`reward model: ${model.note}`);
    await page.keyboard.press('Escape');
    await tidy(page);
    await quickOpen(page, 'preferences.jsonl');
    await page.keyboard.press('Control+Home');
    const t0 = Date.now();
    await runCommand(page, 'Arabic LLM: Compare Responses Side by Side');
    const frame = await webviewFrame(page, '.score[data-side="b"]', 60_000);
    const scores = await poll(async () => {
      const s = await frame.$$eval('.score', (els) => els.map((e) => ({ side: e.getAttribute('data-side'), text: e.textContent?.trim() ?? '', score: e.getAttribute('data-score') })));
      return s.length === 2 && s.every((x) => /^-?\d+\.\d{4}$/.test(x.text) && Number.isFinite(Number(x.score))) ? s : undefined;
    }, { timeoutMs: 60_000, what: 'two .score elements with numbers (4 decimals)' });
    t.note(`scores ${scores.map((s) => `${s.side}=${s.text}`).join(', ')} in ${secs(t0)}`);
    const prompt = await frame.$eval('#prompt', (e) => e.textContent?.trim() ?? '');
    if (!prompt.includes('كيف أرحب بضيف')) throw new Error(`#prompt is not line 1's prompt: ${prompt}`);
    const sides = await frame.$$eval('.response', (els) => els.map((e) => `${e.getAttribute('data-side')}:${e.getAttribute('dir')}`));
    if (!sides.includes('a:auto') || !sides.includes('b:auto')) throw new Error(`.response elements: ${sides.join(', ')}`);
    await sleep(500);
    shots.push(await screenshot(page, path.join(resultsDir, 'compare-panel.png')));
  }, { timeoutMs: 600_000 });

  await runFlows(ctx, null);
  if (shots.length) log(`screenshots: ${shots.map((s) => path.relative(repoRoot, s)).join(', ')}`);
  await cs.stop();
  saveLogs(cs, 'ui');
}

/**
 * More UI flows, one file each in test/e2e/flows/ (run in name order after the flows above): each exports
 * `default async function (ctx)` and records its tests with ctx.h.test(...). ctx: { h, page, ws (workspace copy
 * of samples/), cs (code-server), shots, resultsDir, python, rewardModel and policyModel (promises of { dir, note }),
 * rewardDir and policyDir (where the settings point; a flow copies the model there), secs, log }.
 */
async function runFlows(ctx, names) {
  const dir = path.join(repoRoot, 'test/e2e/flows');
  if (!existsSync(dir)) return;
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()
    .filter((f) => !names || names.includes(f.replace(/\.mjs$/, '')));
  for (const file of files) {
    const flow = (await import(path.join(dir, file))).default;
    await ctx.page.keyboard.press('Escape').catch(() => {});
    await flow(ctx).catch((error) => h.record(`ui: flow ${file}`, 'fail', Date.now(), error));
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  let setup;
  try {
    setup = ensureSetup();
  } catch (error) {
    h.record('setup: code-server and chromium (scripts/e2e-setup.sh)', 'fail', Date.now() - t0, error);
    return;
  }

  let vsix = process.env.E2E_VSIX;
  if (build) {
    const tb = Date.now();
    const script = phases.includes('ui') && !vsix ? ['scripts/package-vsix.mjs'] : ['scripts/build.mjs'];
    const r = spawnSync(process.execPath, script, { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) {
      h.record(`build: node ${script[0]}`, 'fail', Date.now() - tb, new Error(`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n')));
      return;
    }
    if (script[0].includes('package')) vsix = r.stdout.trim().split('\n').pop();
    log(`built${vsix ? ` and packaged ${path.relative(repoRoot, vsix)}` : ''} in ${secs(tb)}`);
  }
  if (phases.includes('ui') && !vsix) {
    const dist = path.join(repoRoot, 'dist-vsix');
    const found = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.vsix')).map((f) => path.join(dist, f)) : [];
    vsix = found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (!vsix) { h.record('ui: a packaged .vsix', 'fail', 0, new Error('no dist-vsix/*.vsix: run node scripts/package-vsix.mjs')); return; }
  }

  // The reward model and the policy train in the background (one after the other) while the suites run.
  let rewardModel;
  let policyModel;
  if (phases.includes('ui')) {
    rewardModel = prepareOnnxModel('reward-model', 'runs/tiny-reward.yaml', []);
    policyModel = rewardModel.catch(() => {}).then(() => prepareOnnxModel('policy-model', 'runs/tiny-sft.yaml', ['--kind', 'policy']));
    rewardModel.catch(() => {}); // reported by the Compare test
    policyModel.catch(() => {}); // reported by the generation flow
  }
  // A phase that breaks (code-server or chromium not starting) is one failure; the other phase still runs.
  if (phases.includes('suite')) {
    const tp = Date.now();
    await suitePhase(setup, process.env.E2E_EXTENSION_PATH ?? repoRoot).catch((error) => h.record('suite: phase', 'fail', Date.now() - tp, error));
  }
  if (phases.includes('ui')) {
    const tp = Date.now();
    await uiPhase(setup, vsix, rewardModel, policyModel).catch((error) => h.record('ui: phase', 'fail', Date.now() - tp, error));
  }
}

const exitCode = await main().then(() => 0, (error) => {
  h.record('e2e runner', 'fail', 0, error);
  return 1;
});
finished = true;
await cleanup();
const ok = h.summary() && exitCode === 0;
process.exit(ok ? 0 : 1);
