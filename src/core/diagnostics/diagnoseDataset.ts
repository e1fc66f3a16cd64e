/**
 * Diagnoses a whole JSONL dataset text: syntax errors, records that do not fit the file's kind, their text
 * (characters, mojibake, Arabic share, normalization), token length, contamination, and exact duplicates.
 *
 * DatasetChecker keeps each line's result keyed by the line's text, so checking an edited file again only
 * parses and checks the lines that changed; duplicates need the whole file, but only the cached keys.
 */
import { DiagnosticCodes, type DiagnosticSeverityName } from '../../protocol';
import type { ArabicTextOptions } from './arabicTextChecks';
import { dedupKey, recordTexts } from '../curation/dedupKey';
import { KeyTable } from '../curation/dedupKeyTable';
import { detectKind, kindOfRecord, type DatasetKind } from '../datasets/datasetKinds';
import { duplicateScreeningKey } from './duplicateScreen';
import { parseJsonLine } from '../formats/jsonLine';
import { iterateLines, rangeInLine, type Line, type Range } from '../formats/lines';
import { locateProblems, recordColumns, type LineProblem } from './locateProblems';
import { recordFieldText, recordFields } from '../datasets/recordFields';
import { problem, validateRecord, type RecordProblem, type Severity } from './validateRecord';

export interface DatasetProblem {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Another place the problem refers to (the first copy of a duplicate). */
  related?: { range: Range; message: string };
}

export interface DatasetDiagnosis {
  kind: DatasetKind | undefined;
  records: number;
  problems: DatasetProblem[];
}

export interface DiagnoseOptions extends ArabicTextOptions {
  /** Code → severity, overriding the default; 'off' drops the code (and skips its work where it costs). */
  severity?: Record<string, DiagnosticSeverityName>;
  /** ALW014: records with more tokens than this (needs countTokens). */
  contextLength?: number;
  countTokens?: (text: string) => number;
  /** ALW016: what the record's text overlaps in the evaluation sets, or undefined when nothing. */
  contamination?: (text: string) => string | undefined;
}

interface LineResult {
  /** Set when the line is not valid JSON. */
  syntax?: { message: string; column: number };
  /** Problems against `kind`; `duplicate` is undefined for a record with no text. */
  checked?: { kind: DatasetKind; problems: LineProblem[]; duplicate: DuplicateKeys | undefined };
}

interface DuplicateKeys {
  /** Cheap, for every record (duplicateScreen.ts). */
  screen: number;
  /** The exact key, computed only for records whose screening key another record shares. */
  exact?: string;
}

interface RecordLine {
  line: number;
  text: string;
  result: LineResult;
}

const parseValue = (text: string): unknown => JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
const KIND_SAMPLE = 200;

export class DatasetChecker {
  private cache = new Map<string, LineResult>();
  private pending: { lines: Line[]; results: LineResult[] } | undefined;

  private readonly countsTokens: boolean;
  private readonly checksContamination: boolean;

  constructor(private readonly options: DiagnoseOptions = {}) {
    this.countsTokens = !!options.countTokens && (options.contextLength ?? 0) > 0 && this.on(DiagnosticCodes.tooManyTokens);
    this.checksContamination = !!options.contamination && this.on(DiagnosticCodes.contamination);
  }

  check(text: string, kindOverride?: DatasetKind): DatasetDiagnosis {
    const lines = nonBlankLines(text);
    const cache = this.previousResults();
    const kind = kindOverride ?? this.detectKind(lines, cache);
    const problems: DatasetProblem[] = [];
    const records: RecordLine[] = [];
    const results: LineResult[] = [];
    for (const line of lines) {
      let result = cache.size ? cache.get(line.text) : undefined;
      // Parsed, checked and let go at once: keeping 100k parsed records alive costs more than parsing.
      if (!result || (kind && !result.syntax && result.checked?.kind !== kind)) result = this.checkLine(line.text, kind);
      results.push(result);
      if (result.syntax) {
        const { message, column } = result.syntax;
        problems.push(this.made(problem(DiagnosticCodes.jsonSyntax, 'error', `JSON syntax error: ${message}`, []),
          rangeInLine(line.index, column, Math.min(line.text.length, column + 1))));
      } else records.push({ line: line.index, text: line.text, result });
    }
    // Only the current lines: no old text is kept alive. Hashing 100k lines into the cache waits for the next
    // check, so the first diagnostics of a big file come sooner.
    this.cache = new Map();
    this.pending = { lines, results };

    if (kind) for (const p of this.recordProblems(records)) problems.push(p); // not push(...): 100k+ arguments overflow the stack
    else if (records.length > 0) {
      problems.push(this.made(problem(DiagnosticCodes.unknownKind, 'information',
        'Could not tell the dataset kind from its records (expected e.g. text, messages, prompt/chosen/rejected)', []),
      rangeInLine(records[0].line, 0, records[0].text.length)));
    }
    const shown = problems.filter((p) => this.options.severity?.[p.code] !== 'off');
    shown.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { kind, records: records.length, problems: shown };
  }

  /** The last check's result of each line, by the line's text. */
  private previousResults(): Map<string, LineResult> {
    if (this.pending) {
      const { lines, results } = this.pending;
      this.cache = new Map(lines.map((line, i) => [line.text, results[i]]));
      this.pending = undefined;
    }
    return this.cache;
  }

  /** The majority kind of the first records that parse. */
  private detectKind(lines: Line[], cache: Map<string, LineResult>): DatasetKind | undefined {
    const values: unknown[] = [];
    for (const { text } of lines) {
      if (values.length >= KIND_SAMPLE) break;
      if (cache.get(text)?.syntax) continue;
      try {
        values.push(parseValue(text));
      } catch { /* a syntax error, reported by checkLine */ }
    }
    return detectKind(values, KIND_SAMPLE);
  }

  private checkLine(text: string, kind: DatasetKind | undefined): LineResult {
    let value: unknown;
    try {
      value = parseValue(text);
    } catch {
      const parsed = parseJsonLine(text); // the slow parser, for its message and column
      return parsed.ok ? {} : { syntax: { message: parsed.message, column: parsed.column } };
    }
    return kind ? { checked: this.checkRecord(kind, value, text) } : {};
  }

  private recordProblems(records: RecordLine[]): DatasetProblem[] {
    const problems: DatasetProblem[] = [];
    const firstScreened = new KeyTable(2, records.length); // screening key → index of its first record
    const screenWords = new Uint32Array(2);
    const firstCopy = new Map<string, RecordLine>();
    const exactKey = (record: RecordLine) => {
      const keys = record.result.checked!.duplicate!;
      return (keys.exact ??= dedupKey(parseValue(record.text)));
    };
    for (let r = 0; r < records.length; r++) {
      const record = records[r];
      const { problems: found, duplicate } = record.result.checked!;
      for (const p of found) problems.push(this.made(p, rangeInLine(record.line, p.startCol, p.endCol)));
      if (!duplicate) continue;
      screenWords[0] = duplicate.screen % 0x100000000;
      screenWords[1] = Math.floor(duplicate.screen / 0x100000000);
      const firstScreenedAt = firstScreened.getOrInsert(screenWords, r);
      if (firstScreenedAt < 0) continue;
      const screened = records[firstScreenedAt];
      // Every copy shares the screening key, so the group's first record is the first copy if any is.
      if (!firstCopy.has(exactKey(screened))) firstCopy.set(exactKey(screened), screened);
      const first = firstCopy.get(exactKey(record));
      if (first) problems.push(this.duplicate(record, first));
      else firstCopy.set(exactKey(record), record);
    }
    return problems;
  }

  private checkRecord(kind: DatasetKind, value: unknown, line: string): NonNullable<LineResult['checked']> {
    const fields = recordFields(kind, value);
    const found = validateRecord(kind, value, this.options, fields);
    if (this.countsTokens || this.checksContamination) {
      const text = recordFieldText(fields);
      const tokens = this.tokenProblem(text);
      if (tokens) found.push(tokens);
      const overlap = this.checksContamination && text.trim() ? this.options.contamination!(text) : undefined;
      if (overlap) found.push(problem(DiagnosticCodes.contamination, 'warning', `Overlaps an evaluation set: ${overlap}`, []));
    }
    // recordTexts is the record's fields by its own kind: the ones just read when that is the file's kind.
    const texts = !this.on(DiagnosticCodes.exactDuplicate) ? [] : kindOfRecord(value) === kind ? fields.map((f) => f.text) : recordTexts(value);
    const duplicate = texts.some((t) => t.trim() !== '') ? { screen: duplicateScreeningKey(texts) } : undefined;
    return { kind, problems: locateProblems(found, line), duplicate };
  }

  private tokenProblem(text: string): RecordProblem | undefined {
    const { contextLength, countTokens } = this.options;
    if (!this.countsTokens || !countTokens || !contextLength) return undefined;
    const tokens = countTokens(text);
    if (tokens <= contextLength) return undefined;
    return problem(DiagnosticCodes.tooManyTokens, 'warning',
      `${tokens} tokens: longer than the context length of ${contextLength} (the rest would be cut off in training)`, []);
  }

  private duplicate(record: RecordLine, first: RecordLine): DatasetProblem {
    const place = (r: RecordLine): RecordPlace => ({ line: r.line, columns: recordColumns(r.text) });
    const found = duplicateProblem(place(record), place(first));
    return this.made(found, found.range, found.related);
  }

  private on(code: string): boolean {
    return this.options.severity?.[code] !== 'off';
  }

  private made(p: Pick<RecordProblem, 'code' | 'severity' | 'message'>, range: Range, related?: DatasetProblem['related']): DatasetProblem {
    const severity = this.options.severity?.[p.code];
    return {
      code: p.code, severity: severity && severity !== 'off' ? severity : p.severity, message: p.message, range,
      ...(related ? { related } : {}),
    };
  }
}

/** Where a record is: its zero-based line and the columns of the record without surrounding blanks. */
export interface RecordPlace {
  line: number;
  columns: [number, number];
}

/** ALW015 on a copy, pointing at the first copy (at its line, or its row in a Parquet file). */
export function duplicateProblem(copy: RecordPlace, first: RecordPlace, place: 'line' | 'row' = 'line'): DatasetProblem {
  return {
    code: DiagnosticCodes.exactDuplicate, severity: 'warning',
    message: `Exact duplicate of the record on ${place} ${first.line + 1} (same text after "match" normalization)`,
    range: rangeInLine(copy.line, ...copy.columns),
    related: { range: rangeInLine(first.line, ...first.columns), message: 'The first copy' },
  };
}

/** The lines with something on them besides blanks (a blank line is not a record). */
function nonBlankLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const line of iterateLines(text)) if (/\S/.test(line.text)) lines.push(line);
  return lines;
}

/** One-off diagnosis (tests, small texts); the engine keeps a DatasetChecker per document. */
export function diagnoseDataset(text: string, kindOverride?: DatasetKind, options?: DiagnoseOptions): DatasetDiagnosis {
  return new DatasetChecker(options).check(text, kindOverride);
}
