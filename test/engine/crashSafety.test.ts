/**
 * Crash safety against the real engine: an engine process is killed (SIGKILL, nothing runs after it) at a random
 * point during a dataset-panel save (`workbench/dataset/save`) and during each curation operation
 * (`workbench/curate/run`: normalize, dedup, filter and near-dedup in place, split, mix). After every kill the
 * source is exactly its old or its new content (no record lost, every untouched line byte-identical), an output
 * is absent-or-old or exactly complete, the only other files are the killed process's own temporaries, and the
 * next open (save) or the next run into the same target (curation) removes them.
 *
 * Each scenario is first run to the end once: that gives its new content and how long it takes; kill points are
 * uniform over 0–120% of that. ALW_SOAK_KILLS sets the kills in all (scripts/soak.sh); one per scenario without.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { createHash } from 'node:crypto';
import { Methods, type CurationOperationName } from '../../src/protocol';
import { EngineClient } from './engineClient';

const workspace = mkdtempSync(path.join(tmpdir(), 'alw-crash-'));
const RECORDS = 20_000;
let engine: EngineClient;
let kills = 0;

before(async () => {
  engine = await EngineClient.start(workspace, { runsDir: null });
});
after(async () => {
  await engine?.stop();
  // Twice in long soaks the test process stayed alive after every test had passed, with no child or file left
  // open; end it then rather than hang `npm test` (unref'd: it does not itself keep the process alive).
  setTimeout(() => process.exit(), 5000).unref();
});

const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Records that normalization, dedup, near-dedup and the quality filter all have work on; one broken line, CRLF lines. */
function datasetText(seed: number): string {
  const lines: string[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const text = i % 7 === 0
      ? `نسخة مكررة من سجل رقم ${i % 70} عن اللغة العربية وآدابها.` // a copy every 70 records
      : `هذا هو السجل رقم ${i + seed} عن إِحْيَاءِ اللغة العربية في مصر ومكتبة الإسكندرية، ويُقرأ بسهولة تامة.`;
    lines.push(JSON.stringify({ text }) + (i % 1000 === 1 ? '\r' : ''));
  }
  lines.splice(RECORDS / 2, 0, '{"text": "سطر مكسور');
  return lines.join('\n') + '\n';
}

/** Kills per scenario: ALW_SOAK_KILLS spread over the scenarios, or one. */
function killsFor(scenarios: number): number {
  const total = Number(process.env.ALW_SOAK_KILLS);
  return Number.isFinite(total) && total > 0 ? Math.ceil(total / scenarios) : 1;
}
const SCENARIOS = 7;

/** Starts an engine, sends `request` to it, kills it (SIGKILL) after `delayMs`; returns the killed pid. */
async function killDuring(request: (victim: EngineClient) => Promise<unknown>, delayMs: number): Promise<number> {
  const victim = await EngineClient.start(workspace, { runsDir: null });
  const pid = victim.process.pid!;
  const exited = once(victim.process, 'exit');
  const pending = request(victim).catch(() => undefined);
  await new Promise((wake) => setTimeout(wake, delayMs));
  victim.kill();
  await exited;
  await Promise.race([pending, new Promise((wake) => setTimeout(wake, 100))]);
  kills++;
  return pid;
}

/** Names in `dir` besides `expected`: each must be a temporary file of the killed process `pid`; returns how many. */
function assertOnlyOwnTemps(dir: string, expected: string[], pid: number, what: string): number {
  let temps = 0;
  for (const name of readdirSync(dir)) {
    if (expected.includes(name)) continue;
    assert.ok(name.includes(`.tmp-${pid}`) || name.includes(`.alw-save-${pid}-`), `${what}: ${name} is not a temporary file of the killed engine ${pid}`);
    temps++;
  }
  return temps;
}

/** How long `request` takes in a freshly started engine (what a killed one would have needed). */
async function coldDuration(request: (client: EngineClient) => Promise<unknown>): Promise<number> {
  const fresh = await EngineClient.start(workspace, { runsDir: null });
  try {
    const start = Date.now();
    await request(fresh);
    return Date.now() - start;
  } finally {
    await fresh.stop();
  }
}

/** What the files were left as after the kills: old (before writing began, or mid-write) or new. */
const tally = () => ({ old: 0, midWrite: 0, new: 0 });
const described = (o: ReturnType<typeof tally>) => `${o.old} old (${o.midWrite} of them with a temporary file left mid-write), ${o.new} new`;

test('an engine killed at random points while saving dataset edits: the file is old or new, the next open removes the temporary file', async (t) => {
  const dir = mkdtempSync(path.join(workspace, 'save-'));
  const file = path.join(dir, 'data.jsonl');
  const old = datasetText(0);
  const oldLines = old.split('\n');
  const edited = new Map<number, string | null>();
  for (let line = 0; line < RECORDS; line += 3) edited.set(line, line % 9 === 0 ? null : JSON.stringify({ text: `معدّل ${line}` }));
  const edits = [...edited].map(([line, text]) => ({ line, text, hash: hashOf(oldLines[line].replace(/\r$/, '')) }));
  const ending = (line: string) => (line.endsWith('\r') ? '\r' : '');
  const expected = oldLines.flatMap((l, i) => (!edited.has(i) ? [l] : edited.get(i) === null ? [] : [edited.get(i)! + ending(l)])).join('\n');

  const save = async (client: EngineClient) => {
    const { version } = await client.request(Methods.openDataset, { uri: file });
    await client.request(Methods.saveDataset, { uri: file, version, edits });
  };
  writeFileSync(file, old);
  const full = await coldDuration(save);
  assert.equal(readFileSync(file, 'utf8'), expected, 'an uninterrupted save writes exactly the edits');

  const outcomes = tally();
  for (let k = 0; k < killsFor(SCENARIOS); k++) {
    writeFileSync(file, old);
    const pid = await killDuring(save, Math.random() * full * 1.2);
    const now = readFileSync(file, 'utf8');
    assert.ok(now === old || now === expected, `kill ${k + 1}: the file is its old or its new content (length ${now.length})`);
    outcomes[now === old ? 'old' : 'new']++;
    if (assertOnlyOwnTemps(dir, ['data.jsonl'], pid, `save kill ${k + 1}`) > 0) outcomes.midWrite++;
    await engine.request(Methods.openDataset, { uri: file });
    assert.deepEqual(readdirSync(dir), ['data.jsonl'], `save kill ${k + 1}: the next open removed the temporary file`);
  }
  t.diagnostic(`save: ${outcomes.old + outcomes.new} kills: ${described(outcomes)}; full save ${full} ms`);
});

interface Scenario {
  operation: CurationOperationName;
  options?: Record<string, unknown>;
  /** Replaces its input (inPlace); otherwise writes `output` beside it. */
  inPlace?: boolean;
  output?: string;
  second?: boolean;
}

const CURATION: Scenario[] = [
  { operation: 'normalize', inPlace: true, options: { profile: 'match' } },
  { operation: 'dedup', inPlace: true },
  { operation: 'filter', inPlace: true, options: { minWords: 5, minStopWords: 1, minLinePunctuationRatio: null } },
  { operation: 'neardedup', inPlace: true },
  { operation: 'split', output: 'parts', options: { ratios: '8:1:1' } },
  { operation: 'mix', output: 'mixed.jsonl', second: true, options: { ratios: '2:1' } },
];

for (const scenario of CURATION) {
  test(`an engine killed at random points during ${scenario.operation}${scenario.inPlace ? ' in place' : ''}: nothing lost, the next run removes the temporary files`, async (t) => {
    const dir = mkdtempSync(path.join(workspace, `${scenario.operation}-`));
    const input = path.join(dir, 'data.jsonl');
    const second = path.join(dir, 'other.jsonl');
    const old = datasetText(0);
    const output = scenario.inPlace ? input : path.join(dir, scenario.output!);
    const params = () => ({
      operation: scenario.operation, inputs: scenario.second ? [input, second] : [input], output, inPlace: scenario.inPlace,
      options: scenario.options ?? {}, token: `${scenario.operation}-${Math.random()}`,
    });
    /** The target's files and their content now (for split, each part). */
    const outputs = (): Map<string, string | undefined> => {
      if (scenario.operation !== 'split') return new Map([[output, existsSync(output) ? readFileSync(output, 'utf8') : undefined]]);
      const parts = ['train', 'validation', 'test'].map((p) => path.join(output, `${p}.jsonl`));
      return new Map(parts.map((p) => [p, existsSync(p) ? readFileSync(p, 'utf8') : undefined]));
    };
    const PLACEHOLDER = '{"text":"نسخة قديمة من الناتج"}\n';
    const reset = () => {
      writeFileSync(input, old);
      if (scenario.second) writeFileSync(second, datasetText(RECORDS));
      if (scenario.inPlace) return;
      if (scenario.operation === 'split') {
        rmSync(output, { recursive: true, force: true });
        mkdirSync(output);
      }
      for (const file of outputs().keys()) writeFileSync(file, PLACEHOLDER); // an older output: old or new after a kill
    };
    const expectedNames = () => [...new Set(['data.jsonl', ...(scenario.second ? ['other.jsonl'] : []), path.relative(dir, output).split(path.sep)[0]])];

    reset();
    const full = await coldDuration((client) => client.request(Methods.curate, params()));
    const complete = outputs();
    if (scenario.inPlace) assert.notEqual(complete.get(input), old, `${scenario.operation} changes the input, so a kill point can fall on either side`);

    const outcomes = tally();
    for (let k = 0; k < killsFor(SCENARIOS); k++) {
      reset();
      const pid = await killDuring((victim) => victim.request(Methods.curate, params()), Math.random() * full * 1.2);
      const what = `${scenario.operation} kill ${k + 1}`;
      if (!scenario.inPlace) assert.equal(readFileSync(input, 'utf8'), old, `${what}: the input is untouched`);
      for (const [file, content] of outputs()) {
        const before = scenario.inPlace ? old : PLACEHOLDER;
        assert.ok(content === before || content === complete.get(file), `${what}: ${path.basename(file)} is its old content or the complete new one (length ${content?.length})`);
        outcomes[content === before ? 'old' : 'new']++;
      }
      let temps = assertOnlyOwnTemps(dir, expectedNames(), pid, what);
      if (scenario.operation === 'split') temps += assertOnlyOwnTemps(output, ['train.jsonl', 'validation.jsonl', 'test.jsonl'], pid, what);
      if (temps > 0) outcomes.midWrite++;
      reset();
      await engine.request(Methods.curate, params());
      assert.deepEqual(outputs(), complete, `${what}: the next run writes the same output`);
      assert.deepEqual(readdirSync(dir).sort(), expectedNames().sort(), `${what}: the next run removed the killed run's temporary files`);
      if (scenario.operation === 'split') assert.deepEqual(readdirSync(output).sort(), ['test.jsonl', 'train.jsonl', 'validation.jsonl']);
    }
    t.diagnostic(`${scenario.operation}: ${killsFor(SCENARIOS)} kills; output files left ${described(outcomes)}; full run ${full} ms`);
  });
}

test('kills counted', (t) => {
  t.diagnostic(`crash kills: ${kills}`);
});
