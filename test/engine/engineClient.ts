/** A minimal LSP client for tests: spawns the real engine (dist/engine.js) and speaks JSON-RPC over stdio. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Notifications, Requests } from '../../src/protocol';

export const repoRoot = path.resolve(__dirname, '../../..');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
  severity: number;
}

export class EngineClient {
  readonly connection: MessageConnection;
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every diagnostics list published for a uri, in order. */
  readonly published = new Map<string, Diagnostic[][]>();
  private readonly diagnosticWaiters: Array<() => void> = [];
  readonly stderr: string[] = [];

  private constructor(readonly process: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), p.diagnostics]);
      this.diagnosticWaiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => []);
    this.connection.listen();
  }

  static async start(workspace: string, settings: Record<string, unknown> = {}, engineScript = path.join(repoRoot, 'dist/engine.js')): Promise<EngineClient> {
    const child = spawn(process.execPath, [engineScript, '--stdio'], { cwd: workspace, stdio: 'pipe' });
    const client = new EngineClient(child);
    await client.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: pathToFileURL(workspace).href, capabilities: {},
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }], initializationOptions: settings,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  request<M extends keyof Requests>(method: M, params: Requests[M][0]): Promise<Requests[M][1]> {
    return this.connection.sendRequest(method, params) as Promise<Requests[M][1]>;
  }

  onNotification<M extends keyof Notifications>(method: M, handler: (p: Notifications[M]) => void): void {
    this.connection.onNotification(method, handler);
  }

  open(file: string, text: string): string {
    const uri = pathToFileURL(file).href;
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jsonl', version: 1, text } });
    return uri;
  }

  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Waits until diagnostics for uri satisfy the predicate. */
  async diagnosticsFor(uri: string, ready: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.diagnostics.has(uri) && ready(this.diagnostics.get(uri)!))) {
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(this.diagnostics.get(uri))}`);
      await new Promise<void>((wake) => { this.diagnosticWaiters.push(wake); setTimeout(wake, 200); });
    }
    return this.diagnostics.get(uri)!;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      setTimeout(() => this.process.kill('SIGKILL'), 500).unref();
    }
  }

  kill(): void {
    this.connection.dispose();
    this.process.kill('SIGKILL');
  }
}
