/**
 * The publish cycle every diagnostics feature shares: check a document when it opens, again (debounced) after
 * edits, and clear its diagnostics when it closes. Subclasses say which documents they serve and how to check one.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentFeature } from './documentFeatures';

export abstract class DebouncedDiagnostics implements DocumentFeature {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Open documents: the version last checked, or scheduled to be. */
  private readonly versions = new Map<string, number>();

  constructor(protected readonly connection: Connection, private readonly debounceMs: number) {}

  abstract accepts(document: TextDocument): boolean;

  /** Checks the document and publishes its diagnostics. */
  protected abstract check(document: TextDocument): void;

  opened(document: TextDocument): void {
    this.checkNow(document);
  }

  changed(document: TextDocument): void {
    // TextDocuments reports an opened document as changed too: that version is checked (or scheduled) already.
    if (this.versions.get(document.uri) === document.version) return;
    this.schedule(document);
  }

  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.versions.delete(uri);
    this.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  protected checkNow(document: TextDocument): void {
    this.versions.set(document.uri, document.version);
    this.check(document);
  }

  /** Records that this version will be checked, so its change event does not schedule another check. */
  protected willCheck(document: TextDocument): void {
    this.versions.set(document.uri, document.version);
  }

  /** Whether `document` is open and this is its version last checked or scheduled. */
  protected isCurrent(document: TextDocument): boolean {
    return this.versions.get(document.uri) === document.version;
  }

  /** Checks the document after `delayMs`, unless it changes or closes before. */
  protected schedule(document: TextDocument, delayMs = this.debounceMs): void {
    this.willCheck(document);
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(document.uri, setTimeout(() => {
      this.timers.delete(document.uri);
      if (this.versions.has(document.uri)) this.checkNow(document);
    }, delayMs));
  }

  /** Drops what the subclass keeps for a closed document. */
  protected forget(_uri: string): void {}
}
