/** Activation: wires the engine client, status bars, commands and panels. Never waits for the engine. */
import * as vscode from 'vscode';
import type { WorkbenchApi } from './api';
import { registerCommands } from './commands';
import { ComparePanel } from './comparePanelHost';
import { Engine } from './engine';
import { createEngineStatusBar } from './engineStatusBar';
import { RUN_PANEL_VIEW_TYPE, RunPanels } from './runPanelHost';
import { createRunStatusBar } from './runStatusBar';
import { RunTracker } from './runTracker';
import type { Services } from './services';
import { affectsEngine, engineSettings } from './settings';

let engine: Engine | undefined;

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const log = vscode.window.createOutputChannel('Arabic LLM Workbench', { log: true });
  engine = new Engine(context, log, () => engineSettings(context));
  const tracker = new RunTracker(engine);
  const runPanels = new RunPanels(context.extensionUri, engine, tracker);
  const comparePanel = new ComparePanel(context.extensionUri);
  const services: Services = { context, engine, tracker, runPanels, comparePanel, log };
  const running = engine;

  context.subscriptions.push(
    log, engine, tracker, runPanels, comparePanel,
    createEngineStatusBar(engine),
    createRunStatusBar(tracker),
    ...registerCommands(services),
    vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, runPanels.serializer()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsEngine(e)) running.pushSettings();
    }),
    engine.onDidChangeState((state) => {
      if (state !== 'ready') return;
      // Settings may have changed while the engine was starting, after it read initializationOptions.
      running.pushSettings();
      // Runs still going from before (the trainer outlives the engine) show up in the status bar.
      void tracker.refresh().catch((error) => log.warn(`Listing runs failed: ${error}`));
    }),
  );

  if (vscode.workspace.isTrusted) engine.start();
  else {
    log.info('Workspace not trusted: the engine starts once trust is granted.');
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => running.start()));
  }

  return {
    whenEngineReady: () => running.whenReady(),
    get engineReady() {
      return running.whenReady();
    },
    get engineState() {
      return running.state;
    },
    get client() {
      return running.languageClient;
    },
    get lastComparison() {
      return services.lastComparison;
    },
    openRunPanels: () => runPanels.count(),
    openRunPanelIds: () => runPanels.runIds(),
    get comparePanelOpen() {
      return comparePanel.isOpen;
    },
  };
}

export async function deactivate(): Promise<void> {
  await engine?.stop();
  engine = undefined;
}
