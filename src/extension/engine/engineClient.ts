/** The engine's language client: started in the background, restarted after crashes, typed requests. */
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, State, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import {
  Methods, type CurateProgress, type EngineSettings, type Notifications, type PythonEnvProgress, type Requests, type RunEventNotification,
} from '../../protocol';

export type EngineState = 'idle' | 'starting' | 'ready' | 'error' | 'stopped';

/** A request cut off because the engine process stopped (crashed or was killed) while it ran. */
export class EngineInterruptedError extends Error {
  constructor(readonly method: string) {
    super(vscode.l10n.t('the engine stopped while it ran (it restarts by itself)'));
  }
}

/** vscode-jsonrpc's codes for responses lost with their connection: PendingResponseRejected, ConnectionInactive. */
const CONNECTION_LOST = new Set([-32097, -32096]);

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

export class Engine implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private currentState: EngineState = 'idle';
  /** Counts the engine processes that became ready: a request that outlives its process is interrupted. */
  private generation = 0;
  private lastError: string | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<EngineState>();
  private readonly runEventEmitter = new vscode.EventEmitter<RunEventNotification>();
  private readonly setupProgressEmitter = new vscode.EventEmitter<PythonEnvProgress>();
  private readonly curateProgressEmitter = new vscode.EventEmitter<CurateProgress>();

  readonly onDidChangeState = this.stateEmitter.event;
  readonly onRunEvent = this.runEventEmitter.event;
  readonly onSetupProgress = this.setupProgressEmitter.event;
  /** `workbench/curate/progress` of every curation operation; listeners match their token. */
  readonly onCurateProgress = this.curateProgressEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    private readonly settings: () => EngineSettings,
  ) {}

  get state(): EngineState {
    return this.currentState;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  /** The running engine's process id, as it reported it at initialize (undefined before). */
  get processId(): number | undefined {
    const experimental = this.client?.initializeResult?.capabilities.experimental as { processId?: unknown } | undefined;
    return typeof experimental?.processId === 'number' ? experimental.processId : undefined;
  }

  /** Starts the engine without waiting for it; callers that need it use `whenReady`. */
  start(): void {
    if (this.client && this.currentState !== 'error' && this.currentState !== 'stopped') return;
    void this.startClient();
  }

  async restart(): Promise<void> {
    if (!this.client) return this.startClient();
    this.setState('starting');
    try {
      if (this.client.needsStop()) await this.client.restart();
      else await this.client.start();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Resolves once the engine is running; rejects if it fails to start or gave up restarting. */
  whenReady(): Promise<void> {
    if (this.currentState === 'ready') return Promise.resolve();
    if (this.currentState === 'error') return Promise.reject(new Error(this.lastError ?? 'Engine failed'));
    return new Promise((resolve, reject) => {
      const listener = this.onDidChangeState((state) => {
        if (state === 'ready') {
          listener.dispose();
          resolve();
        } else if (state === 'error') {
          listener.dispose();
          reject(new Error(this.lastError ?? 'Engine failed'));
        }
      });
    });
  }

  async request<M extends keyof Requests>(method: M, params: Requests[M][0]): Promise<Requests[M][1]> {
    await this.whenReady();
    const generation = this.generation;
    try {
      return await this.client!.sendRequest<Requests[M][1]>(method, params);
    } catch (error) {
      const lost = CONNECTION_LOST.has((error as { code?: number }).code ?? 0) || generation !== this.generation || this.currentState !== 'ready';
      if (lost) throw new EngineInterruptedError(method);
      throw error;
    }
  }

  async notify<M extends keyof Notifications>(method: M, params: Notifications[M]): Promise<void> {
    if (this.currentState !== 'ready' || !this.client) return;
    await this.client.sendNotification(method, params);
  }

  pushSettings(): void {
    this.log.info(`Engine settings now ${JSON.stringify(this.settings())}`);
    void this.notify(Methods.updateSettings, this.settings()).catch((e) => this.log.error('settings update failed', e));
  }

  private async startClient(): Promise<void> {
    this.client ??= this.createClient();
    this.setState('starting');
    this.log.info(`Starting the engine with settings ${JSON.stringify(this.settings())}`);
    try {
      await this.client.start();
    } catch (error) {
      this.fail(error);
    }
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/engine.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio, args: ['--stdio'] },
      debug: { module, transport: TransportKind.stdio, args: ['--stdio'] },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'jsonl' },
        { scheme: 'file', pattern: '**/*.jsonl' },
        // Run configs: the engine serves only YAML files with a top-level `stage:` key.
        { scheme: 'file', pattern: '**/*.{yaml,yml}' },
      ],
      outputChannel: this.log,
      initializationOptions: () => this.settings(),
      errorHandler: new RestartingErrorHandler((message) => this.giveUp(message)),
    };
    const client = new LanguageClient('arabicLLM', 'Arabic LLM Engine', serverOptions, clientOptions);
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) this.setState('ready');
      else if (newState === State.Starting) this.setState('starting');
      else if (this.currentState !== 'error') this.setState('stopped');
    });
    client.onNotification(Methods.runEvent, (n: RunEventNotification) => this.runEventEmitter.fire(n));
    client.onNotification(Methods.setupPythonProgress, (p: PythonEnvProgress) => this.setupProgressEmitter.fire(p));
    client.onNotification(Methods.curateProgress, (p: CurateProgress) => this.curateProgressEmitter.fire(p));
    return client;
  }

  private giveUp(message: string): void {
    this.lastError = message;
    this.setState('error');
    void vscode.window.showErrorMessage(message, vscode.l10n.t('Show Log')).then((choice) => {
      if (choice) this.log.show();
    });
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.log.error(`Engine failed to start: ${this.lastError}`);
    this.setState('error');
  }

  private setState(state: EngineState): void {
    if (state === this.currentState) return;
    if (state !== 'error') this.lastError = undefined;
    if (state === 'ready') this.generation++;
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  async stop(): Promise<void> {
    if (this.client?.needsStop()) await this.client.stop();
  }

  dispose(): void {
    void this.client?.dispose();
    this.stateEmitter.dispose();
    this.runEventEmitter.dispose();
    this.setupProgressEmitter.dispose();
    this.curateProgressEmitter.dispose();
  }
}

/** Restarts a crashed engine up to MAX_RESTARTS times within RESTART_WINDOW_MS, then stops trying. */
class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];

  constructor(private readonly onGiveUp: (message: string) => void) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count > 3 ? ErrorAction.Shutdown : ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    if (this.restarts.length < MAX_RESTARTS) {
      this.restarts.push(now);
      return { action: CloseAction.Restart, handled: true };
    }
    this.restarts = [];
    const message = vscode.l10n.t(
      'The Arabic LLM engine stopped {0} times in 3 minutes and will not be restarted. Fix the cause shown in the log, then run "Restart Engine".',
      MAX_RESTARTS,
    );
    this.onGiveUp(message);
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
