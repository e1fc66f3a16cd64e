/**
 * Entry point of the in-editor test suites: the same `run()` contract that @vscode/test-electron and
 * VS Code's `extensionTestsPath` use. Bundled by scripts/build.mjs into out/test/suite/index.js, with
 * `mocha` left external (resolved from the repository's node_modules at run time).
 *
 * The suites are `require`d inside run(), after Mocha has put its TDD globals (suite, test, setup…) on
 * globalThis: esbuild bundles each required file as a lazily evaluated module, so one bundle holds them all.
 *
 * Results: the extension host's stdout is not visible under code-server, so every event is also written
 * to the JSON file named by the environment variable RESULT_FILE (set through `extensionEnvironment`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}
export interface SuiteResults {
  done: boolean;
  passed: number;
  failed: number;
  pending: number;
  tests: SuiteResult[];
  /** Set when the suite could not run at all. */
  fatal?: string;
}

function writeResults(file: string | undefined, results: SuiteResults): void {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
    fs.renameSync(`${file}.tmp`, file);
  } catch (error) {
    console.error(`[suite] cannot write ${file}:`, error);
  }
}

export function run(): Promise<void> {
  const resultFile = process.env.RESULT_FILE;
  const grep = process.env.MOCHA_GREP;
  const results: SuiteResults = { done: false, passed: 0, failed: 0, pending: 0, tests: [] };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  try {
    mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
    // Static requires: esbuild bundles them; they run only now, with the TDD globals defined.
    require('./activation.test');
    require('./commands.test');
    require('./diagnostics.test');
    require('./runs.test');
    require('./datasets.test');
    require('./curate.test');
    require('./preferences.test');
    require('./untrustedDiagnostics.test');
    require('./engineRestart.test');
    require('./evaluation.test');
  } catch (error) {
    results.fatal = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.done = true;
    writeResults(resultFile, results);
    return Promise.reject(error);
  }
  writeResults(resultFile, results);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.done = true;
      writeResults(resultFile, results);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      writeResults(resultFile, results);
    });
    runner.on('fail', (t, err: Error) => {
      results.failed++;
      results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0,
        error: err?.stack ?? err?.message ?? String(err) });
      writeResults(resultFile, results);
    });
    runner.on('pending', (t) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      writeResults(resultFile, results);
    });
  });
}
