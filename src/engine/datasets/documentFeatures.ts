/**
 * Editor features per kind of document (dataset files, run configs, …). main.ts lists the features; this file
 * wires them to the LSP connection, so each feature only says which documents it serves and what it answers.
 */
import {
  CodeActionKind,
  type CodeAction, type CodeActionParams, type CompletionItem, type Connection, type Hover, type Position,
  type ServerCapabilities, type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

type Maybe<T> = T | Promise<T>;

export interface DocumentFeature {
  /** Whether this feature serves the document (by URI and, if needed, content). */
  accepts(document: TextDocument): boolean;
  opened?(document: TextDocument): void;
  changed?(document: TextDocument): void;
  closed?(uri: string): void;
  hover?(document: TextDocument, position: Position): Maybe<Hover | null>;
  completion?(document: TextDocument, position: Position): Maybe<CompletionItem[]>;
  codeActions?(document: TextDocument, params: CodeActionParams): Maybe<CodeAction[]>;
}

export const documentFeatureCapabilities: ServerCapabilities = {
  hoverProvider: true,
  completionProvider: { triggerCharacters: [':', ' ', '"'] },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Source] },
};

export function serveDocumentFeatures(connection: Connection, documents: TextDocuments<TextDocument>, features: DocumentFeature[]): void {
  const serving = (document: TextDocument | undefined) => (document ? features.filter((f) => f.accepts(document)) : []);
  const accepted = new Map<string, DocumentFeature[]>(); // so `closed` reaches the features that saw the document

  documents.onDidOpen((e) => {
    const list = serving(e.document);
    accepted.set(e.document.uri, list);
    for (const f of list) f.opened?.(e.document);
  });
  documents.onDidChangeContent((e) => {
    const list = serving(e.document);
    for (const f of accepted.get(e.document.uri) ?? []) if (!list.includes(f)) f.closed?.(e.document.uri);
    accepted.set(e.document.uri, list);
    for (const f of list) f.changed?.(e.document);
  });
  documents.onDidClose((e) => {
    for (const f of accepted.get(e.document.uri) ?? []) f.closed?.(e.document.uri);
    accepted.delete(e.document.uri);
  });

  connection.onHover(async (p) => {
    const document = documents.get(p.textDocument.uri);
    for (const f of serving(document)) {
      const hover = await f.hover?.(document!, p.position);
      if (hover) return hover;
    }
    return null;
  });
  connection.onCompletion(async (p) => {
    const document = documents.get(p.textDocument.uri);
    const items: CompletionItem[] = [];
    for (const f of serving(document)) items.push(...((await f.completion?.(document!, p.position)) ?? []));
    return items;
  });
  connection.onCodeAction(async (p) => {
    const document = documents.get(p.textDocument.uri);
    const actions: CodeAction[] = [];
    for (const f of serving(document)) actions.push(...((await f.codeActions?.(document!, p)) ?? []));
    return actions;
  });
}
