#!/usr/bin/env node
// The same in-editor mocha suites (out/test/suite/index.js) in VS Code desktop (Electron) through
// @vscode/test-electron — for machines that can download VS Code (or have it: VSCODE_EXECUTABLE=/path/to/code).
// Where VS Code can neither be found nor downloaded (no network), it SKIPS with a message and exits 0.
// On a Linux machine without a display, run it under xvfb-run.
//
// Usage: node test/e2e/run-electron.mjs [--no-build]
// Environment: VSCODE_EXECUTABLE, VSCODE_VERSION (default "stable"), E2E_ELECTRON_TIMEOUT_S (default 600),
// E2E_ELECTRON_NO_PRECHECK=1 (skip the reachability check and let @vscode/test-electron try the download).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import dns from 'node:dns/promises';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(new URL('../..', import.meta.url).pathname);
const timeoutS = Number(process.env.E2E_ELECTRON_TIMEOUT_S ?? 600);

function finish(passed, failed, skipped = 0) {
  console.log(`ℹ pass ${passed}`);
  console.log(`ℹ fail ${failed}`);
  console.log(`ℹ skipped ${skipped}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 ? 1 : 0);
}

function skip(reason) {
  console.log(`﹣ VS Code desktop (Electron) suites # SKIP ${reason}`);
  finish(0, 0, 1);
}

/** Can VS Code be downloaded from here? A DNS lookup and a HEAD request, each bounded. */
async function canDownload() {
  const host = 'update.code.visualstudio.com';
  try {
    await Promise.race([dns.lookup(host), new Promise((_, r) => setTimeout(() => r(new Error('DNS timeout')), 5000))]);
    const res = await fetch(`https://${host}/api/releases/stable`, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return res.ok || res.status < 500 ? null : `HTTP ${res.status} from ${host}`;
  } catch (error) {
    return `${host} unreachable (${error?.cause?.code ?? error?.code ?? error?.message ?? error})`;
  }
}

const executable = process.env.VSCODE_EXECUTABLE;
if (executable && !existsSync(executable)) skip(`VSCODE_EXECUTABLE=${executable} does not exist`);
if (!executable && !process.env.E2E_ELECTRON_NO_PRECHECK) {
  const why = await canDownload();
  if (why) skip(`VS Code cannot be downloaded here: ${why}. Use node test/e2e/run.mjs (code-server) instead, or set VSCODE_EXECUTABLE.`);
}

if (!process.argv.includes('--no-build')) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) { console.log('✖ build failed'); finish(0, 1); }
}
const suite = path.join(repoRoot, 'out/test/suite/index.js');
if (!existsSync(suite)) { console.log(`✖ ${suite} is missing`); finish(0, 1); }

const tmp = mkdtempSync(path.join(os.tmpdir(), 'alw-electron-'));
const ws = path.join(tmp, 'ws');
cpSync(path.join(repoRoot, 'samples'), ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}.alw`) });
const resultFile = path.join(tmp, 'result.json');
mkdirSync(path.join(tmp, 'user-data/User'), { recursive: true });

const { runTests } = await import('@vscode/test-electron');
let runError = null;
const timer = setTimeout(() => {
  console.log(`✖ VS Code desktop suites did not finish in ${timeoutS} s`);
  rmSync(tmp, { recursive: true, force: true });
  finish(0, 1);
}, timeoutS * 1000);
try {
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.VSCODE_VERSION ?? 'stable', timeout: 30_000 }),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    extensionTestsEnv: { RESULT_FILE: resultFile, ALW_PYTHON: process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python') },
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      `--user-data-dir=${path.join(tmp, 'user-data')}`],
  });
} catch (error) {
  runError = error;
}
clearTimeout(timer);

let results = null;
try { results = JSON.parse(readFileSync(resultFile, 'utf8')); } catch { /* none */ }
rmSync(tmp, { recursive: true, force: true });
if (!results) {
  const message = String(runError?.message ?? runError);
  if (!executable && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download/i.test(message)) {
    skip(`downloading VS Code failed: ${message}`);
  }
  console.log(`✖ VS Code desktop suites produced no results: ${message}`);
  finish(0, 1);
}
for (const t of results.tests) {
  if (t.state === 'passed') console.log(`✔ electron › ${t.title} (${(t.durationMs / 1000).toFixed(1)}s)`);
  else if (t.state === 'pending') console.log(`﹣ electron › ${t.title} # SKIP`);
  else console.log(`✖ electron › ${t.title}\n${String(t.error).split('\n').slice(0, 20).map((l) => `    ${l}`).join('\n')}`);
}
if (results.fatal) console.log(`✖ loading the suites: ${results.fatal}`);
finish(results.passed, results.failed + (results.fatal ? 1 : 0) + (results.done ? 0 : 1), results.pending);
