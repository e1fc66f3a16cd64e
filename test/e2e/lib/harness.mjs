// A tiny test harness for the end-to-end runner: sequential tests, node-test-runner-like output,
// closing summary lines, and a results JSON in test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class Harness {
  constructor(resultsDir) {
    this.resultsDir = resultsDir;
    this.results = [];
    this.started = Date.now();
  }

  /** Runs `fn`; a thrown error fails the test. `fn` may call skip(reason). Returns true when it passed. */
  async test(name, fn, { timeoutMs = 300_000 } = {}) {
    const t0 = Date.now();
    let skipped = null;
    const notes = [];
    const ctx = {
      skip: (reason) => { skipped = reason; throw new SkipSignal(); },
      note: (text) => { notes.push(text); console.log(`    · ${text}`); },
    };
    let timer;
    try {
      await Promise.race([
        fn(ctx),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test timed out after ${timeoutMs / 1000} s`)), timeoutMs); }),
      ]);
      this.record(name, 'pass', t0, null, notes);
      return true;
    } catch (error) {
      if (error instanceof SkipSignal || skipped) { this.record(name, 'skip', t0, skipped, notes); return false; }
      this.record(name, 'fail', t0, error, notes);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records a result produced elsewhere (e.g. the mocha suites inside the extension host). */
  record(name, state, t0OrMs, error, notes = []) {
    const ms = t0OrMs > 1e12 ? Date.now() - t0OrMs : t0OrMs;
    const secs = `${(ms / 1000).toFixed(1)}s`;
    if (state === 'pass') console.log(`✔ ${name} (${secs})`);
    else if (state === 'skip') console.log(`﹣ ${name} (${secs}) # SKIP ${error}`);
    else {
      console.log(`✖ ${name} (${secs})`);
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.log(text.split('\n').slice(0, 30).map((l) => `    ${l}`).join('\n'));
    }
    this.results.push({ name, state, ms, error: error ? String(error instanceof Error ? error.message : error) : null, notes });
  }

  summary() {
    const count = (s) => this.results.filter((r) => r.state === s).length;
    const passed = count('pass'), failed = count('fail'), skipped = count('skip');
    const ms = Date.now() - this.started;
    mkdirSync(this.resultsDir, { recursive: true });
    writeFileSync(path.join(this.resultsDir, 'e2e-results.json'),
      JSON.stringify({ passed, failed, skipped, durationMs: ms, tests: this.results }, null, 2));
    console.log(`ℹ tests ${this.results.length}`);
    console.log(`ℹ pass ${passed}`);
    console.log(`ℹ fail ${failed}`);
    console.log(`ℹ skipped ${skipped}`);
    console.log(`ℹ duration_ms ${ms}`);
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    return failed === 0 && passed > 0;
  }
}

class SkipSignal extends Error {}
