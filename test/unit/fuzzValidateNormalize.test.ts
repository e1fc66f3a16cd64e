/**
 * Fuzz (fast-check) of the file paths the CLI takes, on hostile bytes (invalid and truncated UTF-8, BOMs,
 * CR/CRLF mixes, NUL, bidi and zero-width characters, deep nesting, huge lines): `alw validate`'s validateFile
 * never throws on JSONL or CSV (a JSON file may only throw its documented "FILE:LINE:COLUMN: …" error) and
 * reports every problem at a line and column inside the file; `alw normalize`'s normalizeFile copies a line that is
 * not valid UTF-8 byte for byte, keeps the line
 * count, leaves every line that needs no change byte-identical, rewrites the others to exactly their
 * normalized JSON, and is idempotent. Case counts: ALW_FUZZ_RUNS (fuzzInputs.ts).
 */
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DatasetProblem } from '../../src/core/diagnostics/diagnoseDataset';
import { normalizeArabic } from '../../src/core/arabic/normalize';
import { validateFile } from '../../src/engine/datasets/validateFile';
import { mapStrings, normalizeFile } from '../../src/engine/datasets/normalizeFile';
import { assertInside, byteLines, datasetBytes, datasetBytesUpTo, fuzzDir, fuzzParameters, fuzzRuns, KINDS } from './fuzzInputs';

const dir = fuzzDir();
let n = 0;

test('fuzz: alw validate (validateFile) on JSONL, CSV and JSON bytes reports problems only inside the file', async (t) => {
  const runs = fuzzRuns(150, 0.5);
  await fc.assert(fc.asyncProperty(datasetBytes, fc.constantFrom('jsonl', 'jsonl', 'csv', 'json'), fc.option(fc.constantFrom(...KINDS), { nil: undefined }), async (bytes, format, kind) => {
    const file = path.join(dir, `v${n++}.${format}`);
    writeFileSync(file, bytes);
    const problems: DatasetProblem[] = [];
    try {
      const result = await validateFile(file, (p) => problems.push(p), kind);
      assert.equal(result.problems, problems.length);
      assert.ok(result.errors <= result.problems && result.records >= 0);
    } catch (error) {
      // Only a CSV or JSON file that cannot be read at all may throw: a plain Error with the reason, which
      // `alw validate` prints as "FILE: cannot read: …" (a JSON file's names FILE:LINE:COLUMN); never a crash.
      if (format === 'jsonl' || !(error instanceof Error) || error instanceof RangeError || error instanceof TypeError) throw error;
      if (format === 'json' && /invalid JSON/.test(error.message)) {
        assert.match(error.message, new RegExp(`^${escape(file)}:\\d+:\\d+: `));
      }
      return;
    }
    // Positions are UTF-16 columns of the decoded line; invalid bytes decode to one U+FFFD each at most.
    const lines = format === 'jsonl' ? byteLines(bytes).map((l) => l.toString('utf8')) : bytes.toString('utf8').split(/\r\n|\r|\n/);
    assertInside(problems, lines, `validateFile ${format}`);
    rmSync(file);
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('fuzz: normalizeFile keeps lines, changes only what needs it, and is idempotent', async (t) => {
  const runs = fuzzRuns(150, 0.5);
  // mapStrings recurses: records nested deeper than ~3,000 levels are a known limit (docs/reliability.md).
  await fc.assert(fc.asyncProperty(datasetBytesUpTo(1000), fc.constantFrom('safe' as const, 'match' as const), async (bytes, profile) => {
    const source = path.join(dir, `n${n++}.jsonl`);
    const once = `${source}.once`;
    const twice = `${source}.twice`;
    writeFileSync(source, bytes);
    const result = await normalizeFile(source, once, profile);
    const out = readFileSync(once);
    const inLines = byteLines(bytes);
    const outLines = byteLines(out);
    assert.equal(count(out, 10), count(bytes, 10), 'as many line breaks as the source');
    assert.equal(outLines.length, inLines.length);
    let changed = 0;
    inLines.forEach((line, i) => {
      if (!isUtf8(line)) assert.ok(outLines[i].equals(line), `line ${i + 1}: not valid UTF-8, so copied byte for byte (never U+FFFD)`);
      if (outLines[i].equals(line)) return;
      changed++;
      const text = line.toString('utf8');
      const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
      const cr = text.endsWith('\r') ? '\r' : '';
      const expected = bom + JSON.stringify(mapStrings(JSON.parse(text.slice(bom.length)), (s) => normalizeArabic(s, profile))) + cr;
      assert.equal(outLines[i].toString('utf8'), expected, `line ${i + 1}: rewritten to exactly its normalized JSON`);
      assert.notEqual(expected, text, `line ${i + 1}: rewritten only when normalizing changes it`);
    });
    assert.equal(changed, result.changed);
    await normalizeFile(once, twice, profile);
    assert.ok(readFileSync(twice).equals(out), 'normalizing the output again changes nothing');
    for (const file of [source, once, twice]) rmSync(file);
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});

function count(bytes: Buffer, byte: number): number {
  let c = 0;
  for (const b of bytes) if (b === byte) c++;
  return c;
}
