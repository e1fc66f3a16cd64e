/**
 * Hostile dataset inputs for the fuzz suites (fuzz*.test.ts): JSONL-ish texts built from valid records of every
 * kind, broken JSON, BOMs, CR/CRLF/LF mixes, NUL bytes, lone surrogates, bidi and zero-width characters, deep
 * nesting and huge lines, and byte files that add truncated or invalid UTF-8. ALW_FUZZ_RUNS sets the cases per
 * property (scripts/fuzz.sh); without it each property runs its small CI count.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DatasetKind } from '../../src/core/datasets/datasetKinds';
import type { DatasetProblem } from '../../src/core/diagnostics/diagnoseDataset';

/** The cases one property runs: ALW_FUZZ_RUNS × weight when set, else the CI count. */
export function fuzzRuns(ciRuns: number, weight = 1): number {
  const runs = Number(process.env.ALW_FUZZ_RUNS);
  return Number.isFinite(runs) && runs > 0 ? Math.max(1, Math.round(runs * weight)) : ciRuns;
}

/** fast-check parameters; ALW_FUZZ_SEED replays a reported failure. */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.ALW_FUZZ_SEED);
  return { numRuns, ...(Number.isInteger(seed) ? { seed } : {}) };
}

export const KINDS: readonly DatasetKind[] = ['pretrain', 'instruction', 'chat', 'sharegpt', 'preference', 'ranked', 'mcq', 'yesno', 'open'];

const ARABIC = ['اللغة العربية', 'مرحبا بالعالم', 'أإآ', 'ىي', 'ةه', 'ـــ', 'َُِّْ', '٠١٢٣', 'ﻻ', 'ﷺ', 'سلام'];
const NASTY = [
  '\uFEFF', '\r\n', '\r', '\n', '\0', '\u202E', '\u202B', '\u2066', '\u2069', '\u200B', '\u200C', '\u200D', '\u200F', '\u061C',
  '\uD800', '\uDFFF', '\uDBFF\uDFFF', '\u{1F600}', '\t', ' ', '\u00A0', '\u2028', '\u2029', '\\', '"', '\\u0000', '\\ud800',
  'Ã˜Â§Ã™â€ž', 'Ø§Ù„', '\uFFFD', 'e\u0301',
];
const JSONISH = ['{', '}', '[', ']', ':', ',', '"', 'true', 'null', '-0', '1e400', '"text"', '"messages"', '"role"', '"content"'];

/** A JSON string value made of Arabic, Latin and hostile characters. */
export const nastyString = fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ARABIC) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('hello', 'The quick brown fox.', '?', '!', '.', '،', '؟') },
), { maxLength: 12 }).map((parts) => parts.join(''));

const turn = fc.record({ role: fc.constantFrom('system', 'user', 'assistant', 'tool', 'bot', ''), content: nastyString });

/** A record of a known kind, or one shaped almost like it. */
export const recordValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ text: nastyString }),
  fc.record({ instruction: nastyString, input: nastyString, output: nastyString }, { requiredKeys: ['instruction'] }),
  fc.record({ messages: fc.array(turn, { maxLength: 4 }) }),
  fc.record({ conversations: fc.array(fc.record({ from: fc.constantFrom('human', 'gpt', 'system', 'x'), value: nastyString }), { maxLength: 4 }) }),
  fc.record({ prompt: nastyString, chosen: nastyString, rejected: nastyString }, { requiredKeys: ['prompt'] }),
  fc.record({ prompt: nastyString, responses: fc.array(nastyString, { maxLength: 3 }), scores: fc.array(fc.double(), { maxLength: 3 }) }),
  fc.record({ question: nastyString, A: nastyString, B: nastyString, C: nastyString, D: nastyString, answer: fc.constantFrom('A', 'B', 'E', '') }),
  fc.record({ question: nastyString, answer: fc.constantFrom('نعم', 'لا', 'yes', 'x') }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(nastyString, fc.oneof(nastyString, fc.integer(), fc.constant(null)), { maxKeys: 4 }),
);

/** One line's text: a record, a broken record, junk, deep nesting (up to `maxDepth`) or a huge line (never an LF). */
export const lineTextUpTo = (maxDepth: number): fc.Arbitrary<string> => fc.oneof(
  { weight: 8, arbitrary: recordValue.map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.tuple(recordValue.map((v) => JSON.stringify(v)), fc.nat(), fc.nat()).map(([s, a, b]) => brokenCopy(s, a, b)) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...JSONISH, ...NASTY, ...ARABIC), { maxLength: 12 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.nat({ max: maxDepth }).map((n) => '['.repeat(n) + ']'.repeat(n % 7 === 0 ? 0 : n)) },
  { weight: 1, arbitrary: fc.nat({ max: maxDepth }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('ا', 'x', ' ', '\u200B'), fc.integer({ min: 1000, max: 150_000 })).map(([c, n]) => JSON.stringify({ text: c.repeat(n) })) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\uFEFF', '\0', '\uFEFF{"text":"بوم"}', '{"text":"a"}{"text":"b"}', '[]', '"x"', '1', 'null') },
).map((s) => s.replace(/\n/g, ' '));

/** Nesting up to 20,000 levels (deeper than any recursive walker survives). */
export const lineText = lineTextUpTo(20_000);

/** A truncated, spliced or doubled copy of a JSON text. */
function brokenCopy(text: string, a: number, b: number): string {
  const at = a % (text.length + 1);
  switch (b % 4) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(at);
    case 2: return text.slice(0, at) + text.slice(0, b % (text.length + 1));
    default: return text.slice(0, at) + '\\' + text.slice(at);
  }
}

/** A JSONL-ish text: lines joined by LF, CRLF or a lone CR, optionally with a BOM and a final newline. */
export const datasetTextUpTo = (maxDepth: number): fc.Arbitrary<string> => fc.tuple(
  fc.array(fc.tuple(lineTextUpTo(maxDepth), fc.constantFrom('\n', '\n', '\n', '\r\n', '\r')), { maxLength: 12 }),
  fc.boolean(), fc.boolean(),
).map(([lines, bom, last]) => (bom ? '\uFEFF' : '') + lines.map(([l, eol], i) => l + (i < lines.length - 1 || last ? eol : '')).join(''));
export const datasetText = datasetTextUpTo(20_000);

/** The bytes of a file: a dataset text's UTF-8, sometimes with invalid UTF-8 spliced in or cut mid-character. */
export const datasetBytesUpTo = (maxDepth: number): fc.Arbitrary<Buffer> => fc.tuple(
  datasetTextUpTo(maxDepth),
  fc.array(fc.tuple(fc.nat(), fc.constantFrom([0xff], [0xc3], [0xd8], [0xe2, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xc0, 0x80], [0x80], [0xfe, 0xff])), { maxLength: 3 }),
  fc.option(fc.nat(), { nil: undefined, freq: 4 }),
).map(([text, splices, cut]) => {
  let bytes = Buffer.from(text, 'utf8');
  for (const [at, inserted] of splices) {
    const i = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(inserted), bytes.subarray(i)]);
  }
  return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
});
export const datasetBytes = datasetBytesUpTo(20_000);

/** A fresh temporary folder for one suite. */
export function fuzzDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'alw-fuzz-'));
}

/** A file's lines as the engine reads them: split on LF only (a CR stays), a final LF adds no line. */
export function byteLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

/** The text's lines as an editor counts them for positions: split on LF, a CR before it dropped. */
export function textLines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, ''));
}

/** Fails unless every position of every problem is inside `text` as an editor shows it. */
export function assertInside(problems: readonly DatasetProblem[], lines: readonly string[], what: string): void {
  for (const p of problems) {
    for (const [name, range] of [['range', p.range], ['related', p.related?.range]] as const) {
      if (!range) continue;
      for (const at of [range.start, range.end]) {
        const where = `${what}: ${p.code} ${name} at ${at.line + 1}:${at.character + 1} of ${lines.length} lines`;
        assert.ok(Number.isInteger(at.line) && at.line >= 0 && at.line < Math.max(1, lines.length), where);
        assert.ok(Number.isInteger(at.character) && at.character >= 0 && at.character <= (lines[at.line] ?? '').length, `${where} (line length ${(lines[at.line] ?? '').length})`);
      }
      assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${p.code}: range ends before it starts`);
    }
    assert.ok(p.message.length > 0 && /^ALW\d{3}$/.test(p.code), `${p.code}: a code and a message`);
  }
}
