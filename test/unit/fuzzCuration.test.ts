/**
 * Fuzz (fast-check) of the curation operations on hostile JSONL bytes, through runCuration (what `alw dedup`,
 * `alw filter`, `alw split`, `alw mix` and the engine call): no record is lost or invented. Each line is
 * classified independently here (blank, unreadable, record, as curationRecords.ts documents) and every output
 * line must be an input line, byte for byte (less a leading BOM), with the counts adding up. Case counts:
 * ALW_FUZZ_RUNS (fuzzInputs.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { dedupText } from '../../src/core/curation/dedupKey';
import { runCuration } from '../../src/engine/curation/runner';
import type { CurationOperationName } from '../../src/protocol';
import { testContext } from './curateTexts';
import { byteLines, datasetBytesUpTo, fuzzDir, fuzzParameters, fuzzRuns, lineTextUpTo } from './fuzzInputs';

const dir = fuzzDir();
let n = 0;
/** A fresh folder for one case; the previous case's (it passed) is removed, so long runs do not fill the disk. */
function caseDir(): string {
  if (n > 0) rmSync(path.join(dir, String(n - 1)), { recursive: true, force: true });
  const here = path.join(dir, String(n++));
  mkdirSync(here);
  return here;
}
// ignoreBOM: the leading BOM is removed from the bytes once, as the readers do; a second U+FEFF is text (not JSON).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Classified {
  records: string[];
  unreadable: string[];
}

/** The input's lines as the operations must see them (hex of each line's bytes, a leading BOM removed). */
function classify(bytes: Buffer): Classified {
  const result: Classified = { records: [], unreadable: [] };
  for (const line of byteLines(bytes)) {
    const raw = line.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? line.subarray(3) : line;
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      result.unreadable.push(raw.toString('hex'));
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      result.unreadable.push(raw.toString('hex'));
      continue;
    }
    (value && typeof value === 'object' && !Array.isArray(value) ? result.records : result.unreadable).push(raw.toString('hex'));
  }
  return result;
}

const outputLines = (file: string) => byteLines(readFileSync(file)).map((l) => l.toString('hex'));

/** Fails unless `part` is a sub-multiset of `whole`. */
function assertSubset(part: string[], whole: string[], what: string): void {
  const left = new Map<string, number>();
  for (const l of whole) left.set(l, (left.get(l) ?? 0) + 1);
  for (const l of part) {
    const k = left.get(l) ?? 0;
    assert.ok(k > 0, `${what}: an output line that is not an input line (or one written twice): ${Buffer.from(l, 'hex').toString('utf8').slice(0, 80)}`);
    left.set(l, k - 1);
  }
}

const sorted = (lines: string[]) => [...lines].sort();
const dedupTextOf = (hex: string) => dedupText(JSON.parse(utf8.decode(Buffer.from(hex, 'hex'))));

/**
 * A file of hostile lines, with some exact copies of records so dedup has work. Nesting stops at 2,000 levels:
 * filter's rejected file re-serializes records (JSON.stringify overflows near 10,000; docs/reliability.md).
 */
const curationBytes = fc.tuple(datasetBytesUpTo(2000), fc.array(lineTextUpTo(2000), { maxLength: 4 }), fc.nat({ max: 3 })).map(([bytes, extra, copies]) => {
  const lines = extra.flatMap((l) => Array.from({ length: copies + 1 }, () => l));
  return Buffer.concat([bytes, Buffer.from((bytes.length && bytes.at(-1) !== 10 ? '\n' : '') + lines.join('\n'))]);
});

async function run(operation: CurationOperationName, inputs: string[], output: string, options: Record<string, unknown> = {}) {
  return runCuration({ operation, inputs, output, options }, testContext().context);
}

test('fuzz: dedup and filter keep every record or count it removed, and keep or list every unreadable line', async (t) => {
  const runs = fuzzRuns(120, 0.5);
  await fc.assert(fc.asyncProperty(curationBytes, async (bytes) => {
    const input = path.join(caseDir(), 'c.jsonl');
    writeFileSync(input, bytes);
    const expected = classify(bytes);

    const deduped = await run('dedup', [input], `${input}.dedup`, { report: `${input}.dedup-report` });
    const kept = outputLines(`${input}.dedup`);
    assert.equal(deduped.report.records, expected.records.length);
    assert.equal(deduped.report.invalid, expected.unreadable.length);
    assert.equal(Number(deduped.report.kept) + Number(deduped.report.removed), expected.records.length);
    assert.equal(kept.length, Number(deduped.report.kept) + expected.unreadable.length, 'kept records and unreadable lines are written');
    assert.equal(outputLines(`${input}.dedup-report`).length, deduped.report.removed, 'every removed copy is in the report');
    assertSubset(kept, [...expected.records, ...expected.unreadable], 'dedup');
    // Every record removed has its copy kept: the kept records' dedup texts are distinct and cover every record's.
    const keptTexts = kept.filter((l) => expected.records.includes(l)).map(dedupTextOf);
    assert.equal(new Set(keptTexts).size, keptTexts.length, 'no two kept records are copies');
    const covered = new Set(keptTexts);
    for (const l of expected.records) assert.ok(covered.has(dedupTextOf(l)), 'a removed record has a kept copy');

    const filtered = await run('filter', [input], `${input}.filter`, { rejected: `${input}.rejected` });
    const passed = outputLines(`${input}.filter`);
    assert.equal(filtered.report.records, expected.records.length);
    assert.equal(filtered.report.broken, expected.unreadable.length);
    assert.equal(passed.length, filtered.report.kept);
    assert.equal(outputLines(`${input}.rejected`).length, Number(filtered.report.removed) + expected.unreadable.length, 'every record left out is in the rejected file');
    assertSubset(passed, expected.records, 'filter');
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});

test('fuzz: split puts every record in exactly one part; mix takes only input records, no more than each has', async (t) => {
  const runs = fuzzRuns(120, 0.5);
  await fc.assert(fc.asyncProperty(curationBytes, curationBytes, fc.constantFrom('0.9:0.1', '8:1:1', '1:1'), fc.nat({ max: 5 }), async (a, b, ratios, seed) => {
    const here = caseDir();
    const first = path.join(here, 'a.jsonl');
    const second = path.join(here, 'b.jsonl');
    writeFileSync(first, a);
    writeFileSync(second, b);
    const expectedA = classify(a);
    const expectedB = classify(b);

    const parts = path.join(here, 'parts');
    mkdirSync(parts);
    const split = await run('split', [first], parts, { ratios, seed });
    const written = split.outputs.flatMap(outputLines);
    assert.equal(split.report.records, expectedA.records.length);
    assert.equal(split.report.broken, expectedA.unreadable.length);
    assert.deepEqual(sorted(written), sorted(expectedA.records), 'the parts together are the records, each once');

    const mixed = `${first}.mix`;
    const mix = await run('mix', [first, second], mixed, { ratios: '1:1', seed });
    const out = outputLines(mixed);
    assert.equal(out.length, mix.report.records);
    assertSubset(out, [...expectedA.records, ...expectedB.records], 'mix');
    const inputs = mix.report.inputs as { available: { records: number }; taken: { records: number } }[];
    assert.deepEqual(inputs.map((i) => i.available.records), [expectedA.records.length, expectedB.records.length]);
    for (const i of inputs) assert.ok(i.taken.records <= i.available.records);
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});
