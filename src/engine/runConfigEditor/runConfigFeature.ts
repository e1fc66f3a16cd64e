/** The run-config editor feature: YAML files with a top-level `stage:` get diagnostics, completion and hover. */
import type { CompletionItem, Connection, Hover, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { filePathOf, isFileUri } from '../shared/fileUri';
import { DebouncedDiagnostics } from '../datasets/debouncedDiagnostics';
import { completeRunConfig, diagnoseRunConfig, hoverRunConfig, isRunConfig } from './runConfigAssist';

export class RunConfigFeature extends DebouncedDiagnostics {
  constructor(connection: Connection, debounceMs = 300) {
    super(connection, debounceMs);
  }

  accepts(document: TextDocument): boolean {
    return isRunConfig(document.uri, document.getText());
  }

  protected check(document: TextDocument): void {
    const file = isFileUri(document.uri) ? filePathOf(document.uri) : undefined;
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnoseRunConfig(document, file) });
  }

  hover(document: TextDocument, position: Position): Hover | null {
    return hoverRunConfig(document, position);
  }

  completion(document: TextDocument, position: Position): CompletionItem[] {
    return completeRunConfig(document, position);
  }
}
