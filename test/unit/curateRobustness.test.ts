/**
 * Curation operations on hostile input (malformed JSON, invalid UTF-8, BOM and CRLF, a huge line, random
 * bytes) never crash: broken lines are reported as FILE:LINE:COLUMN and counted — dropped from filter,
 * mix and split outputs (and written to filter's rejected file); normalize copies every line it does not
 * change byte for byte and lists the ones that are not JSON.
 * Cancelling mid-operation leaves neither an output nor a temporary file; outputs never replace inputs.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CancelledError } from '../../src/engine/curation/operation';
import { runCuration, type CurationRequest } from '../../src/engine/curation/runner';
import { seededRandom } from '../../src/core/curation/seededRandom';
import { ARABIC_PARAGRAPH, arabicRecords, jsonlLines, tempDir, testContext } from './curateTexts';

const LENIENT = { minWords: 1, minStopWords: 0, minLinePunctuationRatio: null, maxNewlineRatio: null };

function hostileFile(dir: string): string {
  const file = path.join(dir, 'hostile.jsonl');
  const lines: Buffer[] = [
    Buffer.from('\uFEFF' + JSON.stringify({ text: 'سطر أول بعد علامة ترتيب البايتات.' }) + '\r'), // 1: BOM + CRLF
    Buffer.from('{"text": "مفتوح'), // 2: not closed
    Buffer.concat([Buffer.from('{"text": "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), // 3: invalid UTF-8
    Buffer.from('[1, 2, 3]'), // 4: JSON, not an object
    Buffer.from(''), // 5: blank
    Buffer.from(JSON.stringify({ text: ARABIC_PARAGRAPH })), // 6
    Buffer.from(JSON.stringify({ text: 'ب'.repeat(3_000_000) })), // 7: a 6 MB line
    Buffer.from('   \t'), // 8: whitespace only
    Buffer.from(JSON.stringify({ text: 'آخر سطر بلا نهاية سطر.' })), // 9: no final newline
  ];
  writeFileSync(file, Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l]))));
  return file;
}

test('filter on hostile input: broken lines listed by file:line:column, counted, rejected; good records byte for byte', async () => {
  const dir = tempDir();
  const input = hostileFile(dir);
  const output = path.join(dir, 'out.jsonl');
  const rejected = path.join(dir, 'rejected.jsonl');
  const result = await runCuration({ operation: 'filter', inputs: [input], output, options: { ...LENIENT, rejected } }, testContext().context);
  assert.equal(result.report.broken, 3);
  assert.deepEqual(result.report.brokenLines, [
    `${input}:2:16: Unterminated string`.replace(':16:', `:${'{"text": "مفتوح'.length + 1}:`),
    `${input}:3:11: the line is not valid UTF-8 (byte 0xC3)`,
    `${input}:4:1: a record must be a JSON object`,
  ]);
  assert.deepEqual(result.report.byRule, { maxChars: 1 }, 'the huge line is removed by the length bound, before any costly rule');
  const kept = readFileSync(output);
  const expected = readFileSync(input).toString('utf8').split('\n').filter((_, i) => [0, 5, 8].includes(i)).map((l) => l.replace(/^\uFEFF/, ''));
  assert.equal(kept.toString('utf8'), expected.join('\n') + '\n', 'kept records keep their bytes (CR included), the BOM is dropped');
  const rejectedRules = jsonlLines(rejected).map((l) => JSON.parse(l).rule);
  assert.deepEqual(rejectedRules, ['unreadable', 'unreadable', 'unreadable', 'maxChars']);
});

test('normalize keeps broken lines byte for byte and lists them; mix and split skip and list them', async () => {
  const dir = tempDir();
  const input = hostileFile(dir);
  const normalized = await runCuration({ operation: 'normalize', inputs: [input], output: path.join(dir, 'n.jsonl') }, testContext().context);
  // normalize lists the lines that are not JSON or not UTF-8 (non-objects are left to filter/validate).
  assert.deepEqual(normalized.report.brokenLines, [`${input}:2: not valid JSON, copied unchanged`, `${input}:3:11: not valid UTF-8 (byte 0xC3), copied unchanged`]);
  const original = readFileSync(input).toString('latin1').split('\n');
  const out = readFileSync(path.join(dir, 'n.jsonl')).toString('latin1').split('\n');
  for (const i of [1, 2, 3, 4, 7]) assert.equal(out[i], original[i], `line ${i + 1} copied unchanged`);
  const split = await runCuration({ operation: 'split', inputs: [input], output: path.join(dir, 'parts') }, testContext().context);
  assert.equal(split.report.broken, 3);
  assert.equal(split.report.records, 4);
  const other = path.join(dir, 'other.jsonl');
  writeFileSync(other, arabicRecords(8).join('\n'));
  const mix = await runCuration({ operation: 'mix', inputs: [input, other], output: path.join(dir, 'm.jsonl'), options: { ratios: '1:1' } }, testContext().context);
  assert.equal(mix.report.broken, 3);
  assert.match((mix.report.brokenLines as string[])[0], /hostile\.jsonl:2:\d+: /);
  assert.equal(mix.report.records, 8);
});

test('fuzz: random byte soup and random cuts of JSON lines never crash an operation', async () => {
  const random = seededRandom(2024);
  const dir = tempDir();
  for (let round = 0; round < 25; round++) {
    const lines: Buffer[] = [];
    for (let i = 0; i < 30; i++) {
      const json = Buffer.from(JSON.stringify({ text: `${ARABIC_PARAGRAPH.slice(0, 40 + Math.floor(random() * 200))}`, n: i }));
      const kind = random();
      if (kind < 0.5) lines.push(json);
      else if (kind < 0.75) lines.push(json.subarray(0, Math.floor(random() * json.length))); // cut mid-character too
      else lines.push(Buffer.from(Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * 256)).filter((b) => b !== 10)));
    }
    const input = path.join(dir, `fuzz-${round}.jsonl`);
    writeFileSync(input, Buffer.concat(lines.flatMap((l) => [l, Buffer.from(random() < 0.5 ? '\n' : '\r\n')])));
    for (const request of [
      { operation: 'filter', options: LENIENT, output: path.join(dir, `f-${round}.jsonl`) },
      { operation: 'split', options: {}, output: path.join(dir, `s-${round}`) },
      { operation: 'normalize', options: {}, output: path.join(dir, `n-${round}.jsonl`) },
    ] as const) {
      const result = await runCuration({ ...request, inputs: [input] } as CurationRequest, testContext().context);
      const records = Number(result.report.records ?? 0);
      assert.equal(records + Number(result.report.broken), lines.filter((l) => l.toString('utf8').trim()).length, `${request.operation} round ${round}: every non-blank line is a record or listed as broken`);
    }
  }
});

for (const operation of ['filter', 'normalize', 'split', 'mix'] as const) {
  test(`cancelling ${operation} mid-way leaves no output and no temporary file`, async () => {
    const dir = tempDir();
    const input = path.join(dir, 'big.jsonl');
    writeFileSync(input, arabicRecords(20_000).join('\n'));
    const inputs = operation === 'mix' ? [input, input] : [input];
    const output = path.join(dir, operation === 'split' ? 'parts' : 'out.jsonl');
    const { controller, context, progress } = testContext((done, total) => {
      if (done / total > 0.3) controller.abort();
    });
    await assert.rejects(runCuration({ operation, inputs, output, options: operation === 'mix' ? { ratios: '1:1' } : optionsFor(operation) }, context), CancelledError);
    assert.ok(progress.some((p) => p > 0.3 && p < 1), 'it was cancelled mid-way');
    assert.deepEqual(readdirSync(dir), ['big.jsonl']);
  });
}

function optionsFor(operation: string): Record<string, unknown> {
  return operation === 'filter' ? LENIENT : {};
}

test('the output is never an input unless in place; a side output never is', async () => {
  const dir = tempDir();
  const input = path.join(dir, 'data.jsonl');
  const original = arabicRecords(5).join('\n') + '\n';
  writeFileSync(input, original);
  await assert.rejects(runCuration({ operation: 'filter', inputs: [input], output: input, options: LENIENT }, testContext().context), /the output is an input .*--in-place/);
  await assert.rejects(
    runCuration({ operation: 'filter', inputs: [input], output: path.join(dir, 'o.jsonl'), options: { ...LENIENT, rejected: input } }, testContext().context),
    /rejected: .* is an input or the output/,
  );
  await assert.rejects(runCuration({ operation: 'filter', inputs: [input], output: path.join(dir, 'no', 'such', 'o.jsonl') }, testContext().context), /output folder does not exist/);
  await assert.rejects(runCuration({ operation: 'filter', inputs: [path.join(dir, 'missing.jsonl')], output: path.join(dir, 'o.jsonl') }, testContext().context), /no such file/);
  await assert.rejects(runCuration({ operation: 'filter', inputs: [input], output: path.join(dir, 'o.jsonl'), options: { minWordz: 1 } }, testContext().context), /unknown threshold "minWordz"/);
  assert.equal(readFileSync(input, 'utf8'), original);
  assert.deepEqual(readdirSync(dir), ['data.jsonl']);
  const inPlace = await runCuration({ operation: 'filter', inputs: [input], output: input, inPlace: true, options: { ...LENIENT, minWords: 6 } }, testContext().context);
  assert.equal(inPlace.report.kept, 5);
  assert.equal(readFileSync(input, 'utf8'), original, 'every record kept: the file is the same');
});
