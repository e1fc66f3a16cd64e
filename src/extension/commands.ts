/** The command table: every command id and its handler, in one place. */
import * as vscode from 'vscode';
import { compareResponses } from './compareResponses';
import { cancelRun, showRun } from './runCommands';
import type { Services } from './services';
import { setupPython } from './setupPython';
import { startRun } from './startRun';
import { requireTrust } from './trust';

interface CommandSpec {
  /** Localized name used in the Workspace Trust message. */
  name: () => string;
  /** Whether it talks to the engine or spawns anything (and so needs a trusted workspace). */
  needsTrust: boolean;
  run: (services: Services, ...args: any[]) => unknown;
}

const COMMANDS: Record<string, CommandSpec> = {
  'arabicLLM.setupPython': {
    name: () => vscode.l10n.t('Set Up Python Environment'),
    needsTrust: true,
    run: (s) => setupPython(s),
  },
  'arabicLLM.startRun': {
    name: () => vscode.l10n.t('Start Training Run'),
    needsTrust: true,
    run: (s, config?: vscode.Uri | string) => startRun(s, config),
  },
  'arabicLLM.cancelRun': {
    name: () => vscode.l10n.t('Cancel Training Run'),
    needsTrust: true,
    run: (s, runId?: string) => cancelRun(s, typeof runId === 'string' ? runId : undefined),
  },
  'arabicLLM.showRun': {
    name: () => vscode.l10n.t('Show Run Panel'),
    needsTrust: true,
    run: (s, runId?: string) => showRun(s, typeof runId === 'string' ? runId : undefined),
  },
  'arabicLLM.compareResponses': {
    name: () => vscode.l10n.t('Compare Responses Side by Side'),
    needsTrust: true,
    run: (s, uri?: vscode.Uri | string, line?: number) => compareResponses(s, uri, typeof line === 'number' ? line : undefined),
  },
  'arabicLLM.restartEngine': {
    name: () => vscode.l10n.t('Restart Engine'),
    needsTrust: true,
    run: (s) => s.engine.restart(),
  },
  'arabicLLM.showLog': {
    name: () => vscode.l10n.t('Show Engine Log'),
    needsTrust: false,
    run: (s) => s.log.show(),
  },
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, spec]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      if (spec.needsTrust && !requireTrust(spec.name())) return undefined;
      return spec.run(services, ...args);
    }));
}
