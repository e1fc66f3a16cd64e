/** Status-bar item for the most recently active run, e.g. "$(pulse) SFT 12/40 loss 3.21". */
import * as vscode from 'vscode';
import { isFinished } from '../../core/runs/runStates';
import type { RunTracker, TrackedRun } from './runTracker';

export function createRunStatusBar(tracker: RunTracker): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('arabicLLM.run', vscode.StatusBarAlignment.Left, -1);
  item.name = vscode.l10n.t('Arabic LLM Training Run');
  let shownRunId: string | undefined;

  const render = (run: TrackedRun) => {
    const { info } = run;
    if (isFinished(info.state)) {
      if (info.id !== shownRunId) return;
      const next = tracker.all().find((r) => !isFinished(r.info.state));
      if (next) return render(next);
      shownRunId = undefined;
      item.hide();
      return;
    }
    shownRunId = info.id;
    const loss = run.loss === undefined ? '' : ` ${vscode.l10n.t('loss {0}', run.loss.toFixed(2))}`;
    item.text = `$(pulse) ${info.stage.toUpperCase()} ${info.step}/${info.totalSteps}${loss}`;
    item.tooltip = vscode.l10n.t('Training run {0} ({1}). Click to show the run panel.', info.id, info.state);
    item.command = { title: vscode.l10n.t('Show Run Panel'), command: 'arabicLLM.showRun', arguments: [info.id] };
    item.show();
  };

  return vscode.Disposable.from(item, tracker.onDidChangeRun(render));
}
