/**
 * Dataset files in the editor: diagnostics at once on open and debounced while typing (one incremental
 * DatasetChecker per document, so an edit re-checks only the changed lines), hover statistics on a record,
 * and quick fixes.
 */
import * as path from 'node:path';
import type { CodeAction, CodeActionParams, Connection, Hover, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isDatasetDocument, offsetAfterLines, toDiagnostic } from '../../core/diagnostics/datasetDiagnostic';
import { DatasetChecker, type DatasetProblem, type DiagnoseOptions } from '../../core/diagnostics/diagnoseDataset';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import { kindOverrideFor } from '../../core/datasets/kindOverride';
import type { DiagnosticSettings } from '../../protocol';
import { DatasetCheckOptions } from './datasetCheckOptions';
import { datasetCodeActions } from './datasetCodeActionFeature';
import { datasetHover } from './datasetHoverFeature';
import { DebouncedDiagnostics } from './debouncedDiagnostics';
import { filePathOf, isFileUri } from '../shared/fileUri';
import { withNotUtf8Lines } from './notUtf8Lines';

export { DIAGNOSTIC_SOURCE } from '../../core/diagnostics/datasetDiagnostic';
/** Lines whose diagnostics a large file gets first, before the whole file is checked. */
export const FIRST_SCREEN_LINES = 1000;

export interface DatasetDiagnosticsConfig {
  diagnostics?: DiagnosticSettings;
  /** Glob → kind overrides (`arabicLLM.datasets.kinds`). */
  kinds?: Record<string, string>;
  workspaceRoot?: string;
}

export class DatasetDiagnostics extends DebouncedDiagnostics {
  /** Per open dataset: its incremental checker and the kind it found. */
  private readonly open = new Map<string, { document: TextDocument; checker: DatasetChecker; kind?: DatasetKind }>();
  private readonly optionSource: DatasetCheckOptions;
  private config: DatasetDiagnosticsConfig = {};
  private options: DiagnoseOptions = {};

  constructor(connection: Connection, debounceMs = 200) {
    super(connection, debounceMs);
    this.optionSource = new DatasetCheckOptions(() => this.configure(this.config), (m) => connection.console.warn(m));
  }

  /** New settings: every open dataset is checked again from scratch. */
  configure(config: DatasetDiagnosticsConfig): void {
    this.config = config;
    this.options = this.optionSource.resolve(config.diagnostics, config.workspaceRoot);
    for (const entry of this.open.values()) {
      entry.checker = new DatasetChecker(this.options);
      this.checkNow(entry.document);
    }
  }

  accepts(document: TextDocument): boolean {
    return isDatasetDocument(document.uri);
  }

  override opened(document: TextDocument): void {
    const text = document.getText();
    const firstScreenEnd = offsetAfterLines(text, FIRST_SCREEN_LINES);
    if (firstScreenEnd < 0 || firstScreenEnd > text.length / 4) {
      this.checkNow(document);
      return;
    }
    // A large file: its first lines' diagnostics go out at once (they are exactly what the whole-file check
    // will say about those lines: a duplicate always points back), then the whole file's, once that message
    // is written.
    this.open.set(document.uri, { document, checker: new DatasetChecker(this.options) });
    const diagnosis = new DatasetChecker(this.options).check(text.slice(0, firstScreenEnd), this.kindOverride(document.uri));
    this.willCheck(document);
    // Closed or edited meanwhile: nothing to check, or the edit's own check is scheduled already.
    const thenWholeFile = () => this.isCurrent(document) && this.schedule(document, 0);
    void this.publish(document, diagnosis.problems).then(thenWholeFile, thenWholeFile);
  }

  hover(document: TextDocument, position: Position): Hover | null {
    return datasetHover(document, position, this.open.get(document.uri)?.kind, this.options.countTokens);
  }

  codeActions(document: TextDocument, params: CodeActionParams): CodeAction[] {
    return datasetCodeActions(document, params);
  }

  protected check(document: TextDocument): void {
    let entry = this.open.get(document.uri);
    if (!entry) this.open.set(document.uri, entry = { document, checker: new DatasetChecker(this.options) });
    entry.document = document;
    const diagnosis = entry.checker.check(document.getText(), this.kindOverride(document.uri));
    entry.kind = diagnosis.kind;
    void this.publish(document, diagnosis.problems);
  }

  protected override forget(uri: string): void {
    this.open.delete(uri);
  }

  /** Resolves once the message is written. */
  private publish(document: TextDocument, checked: DatasetProblem[]): Promise<void> {
    const file = isFileUri(document.uri) ? filePathOf(document.uri) : undefined;
    const problems = withNotUtf8Lines(checked, document.getText(), (line) => lineText(document, line), file, this.options);
    return this.connection.sendDiagnostics({
      uri: document.uri, version: document.version, diagnostics: problems.map((p) => toDiagnostic(p, document.uri)),
    });
  }

  private kindOverride(uri: string): DatasetKind | undefined {
    if (!this.config.kinds || !isFileUri(uri)) return undefined;
    const file = filePathOf(uri);
    const root = this.config.workspaceRoot;
    return kindOverrideFor(root ? path.relative(root, file) : path.basename(file), this.config.kinds);
  }
}

/** The text of one line of a document, without its end-of-line characters. */
export function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}
