/** Hover on a dataset record: its size (characters, words, tokens), Arabic share and kind, as Markdown. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { arabicShare } from '../../core/arabic/scriptStats';
import { wordCount } from '../../core/arabic/words';
import { recordTexts } from '../../core/curation/dedupKey';
import { kindOfRecord, kindSpec, type DatasetKind } from '../../core/datasets/datasetKinds';
import { recordColumns } from '../../core/diagnostics/locateProblems';
import { isPlainObject, recordFieldText, recordFields } from '../../core/datasets/recordFields';
import { lineText } from './datasetDiagnostics';

export function datasetHover(
  document: TextDocument,
  position: Position,
  fileKind: DatasetKind | undefined,
  countTokens?: (text: string) => number,
): Hover | null {
  const line = lineText(document, position.line);
  const [start, end] = recordColumns(line);
  if (start >= end) return null;
  let record: unknown;
  try {
    record = JSON.parse(line.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!isPlainObject(record)) return null;
  const kind = fileKind ?? kindOfRecord(record);
  const text = kind ? recordFieldText(recordFields(kind, record)) : recordTexts(record).join('\n\n');
  const rows: Array<[string, string]> = [
    ['Kind', kind ? `${kindSpec(kind).label} (\`${kind}\`)` : 'unknown'],
    ['Characters', String([...text].length)],
    ['Words', String(wordCount(text))],
  ];
  if (countTokens) rows.push(['Tokens', String(countTokens(text))]);
  rows.push(['Arabic share', `${Math.round(arabicShare(text) * 100)}% of the letters`]);
  const table = ['| Record | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  return {
    contents: { kind: MarkupKind.Markdown, value: `${table}\n\nLine ${position.line + 1}; counts are over the record's text fields.` },
    range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } },
  };
}
