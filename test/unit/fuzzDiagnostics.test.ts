/**
 * Fuzz (fast-check) of the editor's checks on hostile texts: the dataset checker (every kind, the incremental
 * cache, the first-lines preview), record validation, JSON line parsing, CSV parsing and the mojibake detector
 * never throw, and every problem is at a LINE:COLUMN inside the text (1-based line ≤ its line count, 1-based
 * column ≤ its line's length + 1). Case counts: ALW_FUZZ_RUNS (fuzzInputs.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DatasetChecker, diagnoseDataset } from '../../src/core/diagnostics/diagnoseDataset';
import { checkFirstLines } from '../../src/core/diagnostics/datasetDiagnostic';
import { validateRecord } from '../../src/core/diagnostics/validateRecord';
import { detectMojibake, mayBeMojibake } from '../../src/core/diagnostics/mojibake';
import { parseJsonLine } from '../../src/core/formats/jsonLine';
import { CsvError, CsvParser } from '../../src/core/formats/csvParser';
import { assertInside, datasetText, fuzzParameters, fuzzRuns, KINDS, lineText, nastyString, recordValue, textLines } from './fuzzInputs';

const kindOrDetect = fc.option(fc.constantFrom(...KINDS), { nil: undefined });

test('fuzz: the dataset checker never throws and places every problem inside the text', (t) => {
  const runs = fuzzRuns(300);
  fc.assert(fc.property(datasetText, kindOrDetect, (text, kind) => {
    const diagnosis = diagnoseDataset(text, kind);
    assert.ok(diagnosis.records >= 0 && diagnosis.records <= textLines(text).length);
    assertInside(diagnosis.problems, textLines(text), 'diagnoseDataset');
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});

test('fuzz: the incremental checker (a document edited line by line) gives what a fresh check gives', (t) => {
  const runs = fuzzRuns(60, 0.2);
  fc.assert(fc.property(datasetText, datasetText, kindOrDetect, fc.nat({ max: 200 }), (before, after, kind, lines) => {
    const checker = new DatasetChecker();
    checker.check(before, kind);
    const again = checker.check(after, kind);
    assert.deepEqual(again, diagnoseDataset(after, kind));
    const preview = checkFirstLines(new DatasetChecker(), after, lines, kind);
    assertInside(preview.diagnosis.problems, textLines(after), 'checkFirstLines');
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});

test('fuzz: record validation, JSON line parsing and the mojibake detector never throw', (t) => {
  const runs = fuzzRuns(800, 2);
  fc.assert(fc.property(recordValue, lineText, nastyString, fc.constantFrom(...KINDS), (value, line, text, kind) => {
    for (const p of validateRecord(kind, value)) assert.ok(Array.isArray(p.path) && p.message);
    const parsed = parseJsonLine(line);
    if (!parsed.ok) assert.ok(parsed.column >= 0 && parsed.column <= line.length, `column ${parsed.column} of ${line.length}`);
    if (mayBeMojibake(text)) detectMojibake(text);
    detectMojibake(line);
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});

test('fuzz: the CSV parser, fed in random chunks, throws only CsvError and puts rows on lines of the input', (t) => {
  const runs = fuzzRuns(800, 2);
  const csvText = fc.array(fc.oneof(nastyString, fc.constantFrom(',', '"', '""', '\n', '\r\n', '\r', 'a,b', 'question,A,B,C,D,answer')), { maxLength: 30 })
    .map((parts) => parts.join(''));
  fc.assert(fc.property(csvText, fc.array(fc.nat(), { maxLength: 5 }), (text, cuts) => {
    const parser = new CsvParser();
    const lineCount = text.split('\n').length;
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    try {
      let at = 0;
      const rows = [];
      for (const point of [...points, text.length]) {
        rows.push(...parser.push(text.slice(at, point)));
        at = point;
      }
      rows.push(...parser.end());
      for (const row of rows) assert.ok(row.line >= 1 && row.line <= lineCount, `row at line ${row.line} of ${lineCount}`);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      assert.ok(error.line >= 1 && error.line <= lineCount && error.column >= 1, `CsvError at ${error.line}:${error.column} of ${lineCount} lines`);
    }
  }), fuzzParameters(runs));
  t.diagnostic(`fuzz cases: ${runs}`);
});
