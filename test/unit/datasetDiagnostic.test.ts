/**
 * The one mapping from the core checker's problems to LSP diagnostics, which the engine publishes and the
 * extension host shows in an untrusted workspace (src/core/diagnostics/datasetDiagnostic.ts), and the capped
 * check the extension host runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import {
  checkFirstLines, DIAGNOSTIC_SOURCE, isDatasetDocument, offsetAfterLines, toDiagnostic,
} from '../../src/core/diagnostics/datasetDiagnostic';
import { DatasetChecker, diagnoseDataset } from '../../src/core/diagnostics/diagnoseDataset';
import { DiagnosticCodes } from '../../src/protocol';
import { expectedDiagnostics } from '../suite/expectedDiagnostics';

const samples = path.resolve(__dirname, '../../../samples');

for (const file of ['sft.jsonl', 'preferences.jsonl', 'pretrain.jsonl'] as const) {
  test(`${file}: the diagnostics are the documented ones, errors from source ${DIAGNOSTIC_SOURCE}`, () => {
    const text = readFileSync(path.join(samples, file), 'utf8');
    const uri = `file:///samples/${file}`;
    const diagnostics = diagnoseDataset(text).problems.map((p) => toDiagnostic(p, uri));
    assert.deepEqual(
      diagnostics.map((d) => ({ line: d.range.start.line + 1, code: d.code, start: d.range.start.character,
        end: d.range.end.line === d.range.start.line ? d.range.end.character : -1 })),
      expectedDiagnostics(file, text).map(({ line, code, start, end }) => ({ line, code, start, end })));
    for (const d of diagnostics) {
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.equal(d.source, DIAGNOSTIC_SOURCE);
      assert.ok(d.message.trim());
    }
  });
}

test('each severity name, as set by arabicLLM.diagnostics.severity, becomes the LSP severity', () => {
  const text = '{"text": "مرحبا بكم في هذا النص العربي"}\n{"text": ""}\n';
  for (const [name, lsp] of [['error', DiagnosticSeverity.Error], ['warning', DiagnosticSeverity.Warning],
    ['information', DiagnosticSeverity.Information], ['hint', DiagnosticSeverity.Hint]] as const) {
    const [problem, ...rest] = diagnoseDataset(text, undefined, { severity: { [DiagnosticCodes.emptyField]: name } }).problems;
    assert.deepEqual(rest, []);
    assert.deepEqual(toDiagnostic(problem, 'file:///d.jsonl'), {
      range: { start: { line: 1, character: 9 }, end: { line: 1, character: 11 } },
      severity: lsp, code: DiagnosticCodes.emptyField, source: DIAGNOSTIC_SOURCE, message: problem.message,
    });
  }
  assert.deepEqual(diagnoseDataset(text, undefined, { severity: { [DiagnosticCodes.emptyField]: 'off' } }).problems, []);
});

test('a duplicate points at its first copy in the same document (related information)', () => {
  const record = '{"text": "السلام عليكم ورحمة الله"}';
  const [problem] = diagnoseDataset(`${record}\n{"text": "شيء آخر تماما"}\n  ${record}\n`).problems;
  const uri = 'file:///%D8%A8%D9%8A%D8%A7%D9%86%D8%A7%D8%AA/my%20data.jsonl';
  assert.deepEqual(toDiagnostic(problem, uri), {
    range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 + record.length } },
    severity: DiagnosticSeverity.Warning, code: DiagnosticCodes.exactDuplicate, source: DIAGNOSTIC_SOURCE,
    message: 'Exact duplicate of the record on line 1 (same text after "match" normalization)',
    relatedInformation: [{ location: { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: record.length } } },
      message: 'The first copy' }],
  });
});

test('dataset documents are JSONL files, as the engine serves them', () => {
  assert.ok(isDatasetDocument('file:///a/b.jsonl'));
  assert.ok(isDatasetDocument('file:///a/B.JSONL'));
  assert.ok(!isDatasetDocument('file:///a/b.json'));
  assert.ok(!isDatasetDocument('file:///a/b.jsonl.txt'));
  // The preference panel's labels journal is JSONL, but no dataset to diagnose.
  assert.ok(!isDatasetDocument('file:///w/.alw/labels/prefs.labels.jsonl'));
  assert.ok(isDatasetDocument('file:///w/data/prefs.labels.jsonl'));
});

test('offsetAfterLines: just after the n-th line break, -1 when there are fewer', () => {
  assert.equal(offsetAfterLines('a\nbb\r\nc', 2), 6);
  assert.equal(offsetAfterLines('a\nb\n', 2), 4);
  assert.equal(offsetAfterLines('a\nb', 2), -1);
  assert.equal(offsetAfterLines('', 0), 0);
});

test('checkFirstLines: the first lines say what the whole-file check says about them, and where it stopped', () => {
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `سطر رقم ${i} من النص العربي الطويل` }));
  lines[3] = '{"text": ""}';
  lines[7] = lines[1]; // a duplicate inside the checked lines
  lines[12] = lines[2]; // and one after them
  lines[20] = '{"text": "غير مغلق';
  const text = `${lines.join('\n')}\n`;
  const whole = diagnoseDataset(text).problems;
  assert.deepEqual(whole.map((p) => `${p.range.start.line} ${p.code}`), ['3 ALW004', '7 ALW015', '12 ALW015', '20 ALW001']);

  const capped = checkFirstLines(new DatasetChecker(), text, 10);
  assert.equal(capped.uncheckedFrom, 10);
  assert.deepEqual(capped.diagnosis.problems, whole.filter((p) => p.range.start.line < 10));

  assert.deepEqual(checkFirstLines(new DatasetChecker(), text, 50), { diagnosis: diagnoseDataset(text) }, 'all 50 lines: the whole file');
  assert.equal(checkFirstLines(new DatasetChecker(), `${text}\n  \n`, 50).uncheckedFrom, undefined, 'only blanks follow');
  assert.equal(checkFirstLines(new DatasetChecker(), text, 49).uncheckedFrom, 49);
});
