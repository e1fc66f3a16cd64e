/** What `activate` returns, for the in-editor test suites. */
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EngineState } from './engine';
import type { ShownComparison } from './services';

export interface WorkbenchApi {
  /** Resolves when the engine runs (waits for Workspace Trust); rejects if it cannot start. */
  whenEngineReady(): Promise<void>;
  /** Same as whenEngineReady(), as a property. */
  readonly engineReady: Promise<void>;
  readonly engineState: EngineState;
  readonly client: LanguageClient | undefined;
  /** The last scored pair shown in the Compare panel. */
  readonly lastComparison: ShownComparison | undefined;
  /** Number of open Run panels. */
  openRunPanels(): number;
  /** Run ids of the open Run panels. */
  openRunPanelIds(): string[];
  readonly comparePanelOpen: boolean;
}
