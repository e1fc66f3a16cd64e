/** Status-bar item showing the engine's state; clicking it shows the engine log. */
import * as vscode from 'vscode';
import type { Engine, EngineState } from './engineClient';

export function createEngineStatusBar(engine: Engine): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('arabicLLM.engine', vscode.StatusBarAlignment.Left, 0);
  item.name = vscode.l10n.t('Arabic LLM Engine');
  item.command = 'arabicLLM.showLog';
  const render = (state: EngineState) => {
    const { icon, label } = describe(state);
    item.text = `${icon} ${vscode.l10n.t('ALW')}`;
    item.tooltip = engine.error ? `${label}\n${engine.error}` : label;
    item.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };
  render(engine.state);
  const listener = engine.onDidChangeState(render);
  return vscode.Disposable.from(item, listener);
}

function describe(state: EngineState): { icon: string; label: string } {
  switch (state) {
    case 'starting':
      return { icon: '$(loading~spin)', label: vscode.l10n.t('Arabic LLM engine: starting') };
    case 'ready':
      return { icon: '$(check)', label: vscode.l10n.t('Arabic LLM engine: ready') };
    case 'error':
      return { icon: '$(error)', label: vscode.l10n.t('Arabic LLM engine: error') };
    case 'stopped':
      return { icon: '$(debug-stop)', label: vscode.l10n.t('Arabic LLM engine: stopped') };
    default:
      return { icon: '$(shield)', label: vscode.l10n.t('Arabic LLM engine: not started (workspace not trusted)') };
  }
}
