/**
 * Dataset diagnostics while the workspace is untrusted. The engine is a process, so it does not start until the
 * folder is trusted; the core checker it runs is pure, so the extension host runs it meanwhile: every check
 * that needs no tokenizer (ALW014) and no evaluation-set index (ALW016, built by the engine's file readers from
 * `arabicLLM.diagnostics.evalSets`, a restricted setting), with the engine's codes, messages, ranges and
 * severities (one mapping, src/core/diagnostics/datasetDiagnostic.ts) and the same severity and kind settings.
 * The checker runs on the host's one thread, so a file is checked up to UNTRUSTED_CHECKED_LINES lines (what a
 * whole-file check says about those lines: a duplicate always points back) and a notice says where it stopped.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  checkFirstLines, DIAGNOSTIC_SOURCE, isDatasetDocument, toDiagnostic, type DatasetDiagnostic,
} from '../../core/diagnostics/datasetDiagnostic';
import { DatasetChecker, type DiagnoseOptions } from '../../core/diagnostics/diagnoseDataset';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import { kindOverrideFor } from '../../core/datasets/kindOverride';
import type { Range } from '../../core/formats/lines';
import type { Engine } from '../engine/engineClient';
import { engineSettings, SECTION, workspaceRoot } from '../shared/settings';

/** Lines of a file checked in the extension host (about a third of a second on a slow machine). */
export const UNTRUSTED_CHECKED_LINES = 10_000;
/** As the engine's debounce while typing. */
const DEBOUNCE_MS = 200;

export class UntrustedDiagnostics implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  /** Per open dataset (by URI): its incremental checker, so an edit re-checks only the changed lines. */
  private readonly checkers = new Map<string, DatasetChecker>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly checkedEmitter = new vscode.EventEmitter<vscode.Uri>();
  private options: DiagnoseOptions = {};
  private kinds: Record<string, string> | undefined;
  private disposed = false;

  /** Fires after a document's diagnostics are published. */
  readonly onDidCheck = this.checkedEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext, name = DIAGNOSTIC_SOURCE) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.checkNow(document)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['diagnostics', 'datasets.kinds'].some((key) => e.affectsConfiguration(`${SECTION}.${key}`))) this.configure();
      }),
    ];
    this.configure();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The diagnostics published for a document (the in-editor suites read them). */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.checkers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.checkedEmitter.dispose();
  }

  /**
   * The settings the engine would get, less the restricted ones: no tokenizer and no evaluation sets, so
   * ALW014 and ALW016 are not checked. Every open dataset is checked again from scratch.
   */
  private configure(): void {
    const { diagnostics = {}, kinds } = engineSettings(this.context);
    this.options = { severity: diagnostics.severity, minArabicShare: diagnostics.minArabicShare };
    this.kinds = kinds;
    this.checkers.clear();
    for (const document of vscode.workspace.textDocuments) this.checkNow(document);
  }

  private accepts(document: vscode.TextDocument): boolean {
    return document.uri.scheme === 'file' && isDatasetDocument(document.uri.toString());
  }

  private schedule(document: vscode.TextDocument): void {
    if (!this.accepts(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) this.checkNow(document);
    }, DEBOUNCE_MS));
  }

  private checkNow(document: vscode.TextDocument): void {
    if (this.disposed || !this.accepts(document)) return;
    const uri = document.uri.toString();
    let checker = this.checkers.get(uri);
    if (!checker) this.checkers.set(uri, checker = new DatasetChecker(this.options));
    const { diagnosis, uncheckedFrom } = checkFirstLines(checker, document.getText(), UNTRUSTED_CHECKED_LINES, this.kindOverride(document.uri));
    const diagnostics = diagnosis.problems.map((p) => asVscodeDiagnostic(toDiagnostic(p, uri)));
    if (uncheckedFrom !== undefined) diagnostics.push(notCheckedFurther(document, uncheckedFrom));
    this.collection.set(document.uri, diagnostics);
    this.checkedEmitter.fire(document.uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.checkers.delete(key);
    this.collection.delete(uri);
  }

  /** `arabicLLM.datasets.kinds` globs match the path relative to the workspace folder, as in the engine. */
  private kindOverride(uri: vscode.Uri): DatasetKind | undefined {
    if (!this.kinds) return undefined;
    const root = workspaceRoot();
    return kindOverrideFor(root ? path.relative(root, uri.fsPath) : path.basename(uri.fsPath), this.kinds);
  }
}

/**
 * In an untrusted workspace: diagnostics from the extension host until the engine runs (trust granted and the
 * engine started), then the engine's alone. Returns the provider, disposed at the hand-over.
 */
export function diagnoseUntilEngineReady(context: vscode.ExtensionContext, engine: Engine): UntrustedDiagnostics {
  const diagnostics = new UntrustedDiagnostics(context);
  const handOver = engine.onDidChangeState((state) => {
    if (state !== 'ready') return;
    diagnostics.dispose();
    handOver.dispose();
  });
  context.subscriptions.push(diagnostics, handOver);
  return diagnostics;
}

/** The LSP diagnostic as VS Code's (what the language client does with the engine's). */
function asVscodeDiagnostic(d: DatasetDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(asRange(d.range), d.message, (d.severity - 1) as vscode.DiagnosticSeverity);
  diagnostic.code = d.code;
  diagnostic.source = d.source;
  if (d.relatedInformation) {
    diagnostic.relatedInformation = d.relatedInformation.map((r) =>
      new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.location.uri), asRange(r.location.range)), r.message));
  }
  return diagnostic;
}

function asRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** On the first line not checked: where the in-host check stopped, and how to get the rest. */
function notCheckedFurther(document: vscode.TextDocument, line: number): vscode.Diagnostic {
  const notice = new vscode.Diagnostic(document.lineAt(line).range, vscode.l10n.t(
    'Only the first {0} lines are checked while the workspace is untrusted; trust the folder to check the whole file.',
    line.toLocaleString('en')), vscode.DiagnosticSeverity.Information);
  notice.source = DIAGNOSTIC_SOURCE;
  return notice;
}
