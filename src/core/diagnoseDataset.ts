/** Diagnoses a whole JSONL dataset text: syntax errors, records that do not fit the file's kind. */
import { DiagnosticCodes } from '../protocol';
import { detectKind, type DatasetKind } from './datasetKinds';
import { parseJsonLine, type JsonNode } from './jsonLine';
import { iterateLines, rangeInLine, type Range } from './lines';
import { validateRecord, type Severity } from './validateRecord';

export interface DatasetProblem {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
}

export interface DatasetDiagnosis {
  kind: DatasetKind | undefined;
  records: number;
  problems: DatasetProblem[];
}

interface ParsedRecord {
  line: number;
  text: string;
  value: unknown;
  tree: JsonNode;
}

export function diagnoseDataset(text: string, kindOverride?: DatasetKind): DatasetDiagnosis {
  const problems: DatasetProblem[] = [];
  const records: ParsedRecord[] = [];
  for (const line of iterateLines(text)) {
    if (line.text.trim() === '') continue;
    const parsed = parseJsonLine(line.text);
    if (parsed.ok) {
      records.push({ line: line.index, text: line.text, value: parsed.value, tree: parsed.tree });
    } else {
      problems.push({
        code: DiagnosticCodes.jsonSyntax, severity: 'error', message: `JSON syntax error: ${parsed.message}`,
        range: rangeInLine(line.index, parsed.column, Math.min(line.text.length, parsed.column + 1)),
      });
    }
  }
  const kind = kindOverride ?? detectKind(records.map((r) => r.value));
  if (kind) {
    for (const record of records) {
      for (const p of validateRecord(kind, record.value, record.tree, record.text)) {
        problems.push({ code: p.code, severity: p.severity, message: p.message, range: rangeInLine(record.line, p.startCol, p.endCol) });
      }
    }
  } else if (records.length > 0) {
    problems.push({
      code: DiagnosticCodes.unknownKind, severity: 'information',
      message: 'Could not tell the dataset kind from its records (expected e.g. text, messages, prompt/chosen/rejected)',
      range: rangeInLine(records[0].line, 0, records[0].text.length),
    });
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { kind, records: records.length, problems };
}

