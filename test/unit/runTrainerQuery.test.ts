/** Trainer spawns: a workspace yaml.py cannot shadow a library (PYTHONSAFEPATH); a hung query is killed. */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { trainerEnv } from '../../src/engine/runs/trainerEnv';
import { envCheck, launchCommand } from '../../src/engine/runs/trainerQuery';
import { runTooltipHeader } from '../../src/core/shared/markdown';

const repoRoot = path.resolve(__dirname, '../../..');
const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');

test('a yaml.py next to the config does not shadow PyYAML in the trainer', { skip: !existsSync(python) && 'no .venv' }, async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'alw-shadow-'));
  writeFileSync(path.join(folder, 'yaml.py'), 'raise SystemExit("the workspace yaml.py was imported")\n');
  const config = path.join(folder, 'run.yaml');
  writeFileSync(config, 'stage: sft\nmodel: m\n');
  const launch = await launchCommand({ python, env: { ...process.env, ...trainerEnv() }, cwd: folder }, config, path.join(folder, 'out'));
  assert.equal(launch.launcher, 'local');
  assert.deepEqual(launch.argv.slice(1, 5), ['-m', 'alw_trainer', 'run', config]);
  assert.equal(trainerEnv().PYTHONSAFEPATH, '1');
});

test('an env-check that never answers is stopped after its timeout and becomes a problem', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'alw-hung-'));
  const pidFile = path.join(folder, 'pid');
  const fake = path.join(folder, 'python');
  writeFileSync(fake, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 60\n`);
  chmodSync(fake, 0o755);
  const started = Date.now();
  const report = await envCheck({ python: fake, env: process.env, cwd: folder, queryTimeoutMs: 500 }, path.join(folder, 'c.yaml'), folder);
  assert.ok(Date.now() - started < 20_000, 'answered long before the hung process would end');
  assert.equal(report.problems.length, 1);
  assert.match(report.problems[0], /env-check gave no answer within 1 s and was stopped/);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  await new Promise((r) => setTimeout(r, 200));
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the hung process was killed');
});

test('the Runs-view tooltip header escapes the run id and state', () => {
  assert.equal(runTooltipHeader({ id: '20260101-sft-ab12', state: 'running' }), '**20260101\\-sft\\-ab12** — running');
  const header = runTooltipHeader({ id: '[click](command:workbench.action.terminal.new) <img src=x> **x**', state: 'done\n# heading' });
  // Every Markdown character is backslash-escaped: no link, tag or emphasis comes out of a folder name.
  assert.ok(!/(^|[^\\])[[\]()<>*#]/.test(header.replace(/^\*\*|\*\*(?= — )/g, '')), header);
  assert.ok(!header.includes('\n'), 'one line');
  assert.match(header, /^\*\*\\\[click\\\]\\\(command:workbench\\\.action/);
});
