/** What `activate` returns, for the in-editor test suites. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { UntrustedDiagnostics } from './datasets/untrustedDiagnostics';
import type { EngineState } from './engine/engineClient';
import type { ShownComparison } from './services';
import type { ResultsPanel } from './evaluation/resultsPanelHost';

export interface WorkbenchApi {
  /** Resolves when the engine runs (waits for Workspace Trust); rejects if it cannot start. */
  whenEngineReady(): Promise<void>;
  /** Same as whenEngineReady(), as a property. */
  readonly engineReady: Promise<void>;
  readonly engineState: EngineState;
  readonly client: LanguageClient | undefined;
  /** The last scored pair shown in the Compare panel. */
  readonly lastComparison: ShownComparison | undefined;
  /** The warning of the last curation cut off by an engine crash. */
  readonly lastInterruptedCuration: string | undefined;
  /** The engine's process id (from its initialize result), to kill it in a test. */
  readonly engineProcessId: number | undefined;
  /** Number of open Run panels. */
  openRunPanels(): number;
  /** Run ids of the open Run panels. */
  openRunPanelIds(): string[];
  readonly comparePanelOpen: boolean;
  /** The Runs view's data provider (the suites read its items). */
  readonly runsView: vscode.TreeDataProvider<unknown>;
  /** The Datasets view's data provider; refresh() lists again and resolves with the datasets. */
  readonly datasetsView: vscode.TreeDataProvider<unknown> & { refresh(): Promise<unknown[]> };
  /** URIs of the files with an open dataset panel. */
  openDatasetPanels(): string[];
  /** The Results panel: what it shows (`snapshot`), its drill-down (`items`) and exports (`exportTo`). */
  resultsPanel: ResultsPanel;
  /** The extension host's dataset diagnostics of an untrusted workspace; undefined once the engine runs. */
  readonly untrustedDiagnostics: UntrustedDiagnostics | undefined;
  /** A new in-host provider, as an untrusted workspace gets (the suites run trusted); the caller disposes it. */
  createUntrustedDiagnostics(): UntrustedDiagnostics;
}
