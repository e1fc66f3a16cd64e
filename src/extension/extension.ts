/** Activation: wires the engine client, status bars, commands and panels. Never waits for the engine. */
import * as vscode from 'vscode';
import type { WorkbenchApi } from './api';
import { registerCommands } from './commands';
import { ComparePanel } from './scoring/comparePanelHost';
import { RunComparePanel } from './runs/compareRuns';
import { DATASET_PANEL_VIEW_TYPE, DatasetPanels } from './datasets/datasetPanelHost';
import { DatasetsView } from './datasets/datasetsView';
import { PreferencePanels } from './preferences/preferencePanelHost';
import { diagnoseUntilEngineReady, UntrustedDiagnostics } from './datasets/untrustedDiagnostics';
import { Engine } from './engine/engineClient';
import { createEngineStatusBar } from './engine/engineStatusBar';
import { RUN_PANEL_VIEW_TYPE, RunPanels } from './runs/runPanelHost';
import { RESULTS_PANEL_VIEW_TYPE, ResultsPanel } from './evaluation/resultsPanelHost';
import { pickEvalRuns } from './evaluation/resultsCommands';
import { createRunsView } from './runs/runsView';
import { registerRunTasks } from './runs/runTasks';
import { createRunStatusBar } from './runs/runStatusBar';
import { RunTracker } from './runs/runTracker';
import { watchRunsFolder } from './runs/runsFolderWatcher';
import type { Services } from './services';
import { affectsEngine, engineSettings } from './shared/settings';

let engine: Engine | undefined;

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const log = vscode.window.createOutputChannel('Arabic LLM Workbench', { log: true });
  engine = new Engine(context, log, () => engineSettings(context));
  const tracker = new RunTracker(engine);
  const runPanels = new RunPanels(context.extensionUri, engine, tracker);
  const comparePanel = new ComparePanel(context.extensionUri);
  const runComparison = new RunComparePanel(context.extensionUri, engine, tracker);
  const runsView = createRunsView(tracker);
  const datasetPanels = new DatasetPanels(context.extensionUri, engine);
  const datasetsView = new DatasetsView(engine);
  const preferencePanels = new PreferencePanels(context.extensionUri, engine);
  // The panel's "Add eval runs…" asks through the same picker as the command (services exist by then).
  const resultsPanel = new ResultsPanel(context.extensionUri, () => pickEvalRuns(services));
  const services: Services = { context, engine, tracker, runPanels, comparePanel, runComparison, log, datasetPanels, datasetsView, preferencePanels, resultsPanel };
  const running = engine;

  context.subscriptions.push(
    log, engine, tracker, runPanels, comparePanel, runComparison, runsView.disposable,
    registerRunTasks(services),
    createEngineStatusBar(engine),
    createRunStatusBar(tracker),
    watchRunsFolder(tracker, () => running.state === 'ready', log),
    ...registerCommands(services),
    vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, runPanels.serializer()),
    datasetPanels, datasetsView, preferencePanels, resultsPanel,
    vscode.window.registerWebviewPanelSerializer(RESULTS_PANEL_VIEW_TYPE, resultsPanel.serializer()),
    vscode.window.registerWebviewPanelSerializer(DATASET_PANEL_VIEW_TYPE, datasetPanels.serializer()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsEngine(e)) running.pushSettings();
      // Another runs folder: the Runs view lists that folder's runs.
      if (e.affectsConfiguration('arabicLLM.runs.directory') && running.state === 'ready') {
        void tracker.refresh().catch((error) => log.warn(`Listing runs failed: ${error}`));
      }
    }),
    engine.onDidChangeState((state) => {
      if (state !== 'ready') return;
      // Settings may have changed while the engine was starting, after it read initializationOptions.
      running.pushSettings();
      // Runs still going from before (the trainer outlives the engine) show up in the status bar.
      void tracker.refresh().catch((error) => log.warn(`Listing runs failed: ${error}`));
    }),
  );

  let untrustedDiagnostics: UntrustedDiagnostics | undefined;
  if (vscode.workspace.isTrusted) engine.start();
  else {
    log.info('Workspace not trusted: the engine starts once trust is granted; until it runs, dataset checks that need no process run in the editor.');
    untrustedDiagnostics = diagnoseUntilEngineReady(context, engine);
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
    get lastInterruptedCuration() {
      return services.lastInterruptedCuration;
    },
    get engineProcessId() {
      return running.processId;
    },
    get lastComparison() {
      return services.lastComparison;
    },
    openRunPanels: () => runPanels.count(),
    openRunPanelIds: () => runPanels.runIds(),
    get comparePanelOpen() {
      return comparePanel.isOpen;
    },
    runsView: runsView.provider,
    datasetsView,
    openDatasetPanels: () => datasetPanels.openUris(),
    resultsPanel,
    get untrustedDiagnostics() {
      return untrustedDiagnostics?.isDisposed ? undefined : untrustedDiagnostics;
    },
    createUntrustedDiagnostics: () => new UntrustedDiagnostics(context, 'arabic-llm-test'),
  };
}

export async function deactivate(): Promise<void> {
  await engine?.stop();
  engine = undefined;
}
