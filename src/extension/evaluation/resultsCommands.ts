/** Show Evaluation Results: the Results panel on eval runs given as run ids, Runs view items or run folders. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';

/** A run folder from an argument: an absolute folder path, a run id, or a Runs view item (which carries `runId`). */
async function dirOf(services: Services, arg: unknown): Promise<string | undefined> {
  const id = typeof arg === 'string' ? arg : (arg as { runId?: unknown } | undefined)?.runId;
  if (typeof id !== 'string') return undefined;
  if (path.isAbsolute(id)) return id;
  const known = services.tracker.get(id)?.info ?? (await services.tracker.refresh()).find((r) => r.id === id);
  return known?.dir;
}

/** Finished eval runs the tracker knows, picked several at once; their folders. */
export async function pickEvalRuns(services: Services): Promise<string[] | undefined> {
  const runs = services.tracker.all().map((t) => t.info).filter((r) => r.stage === 'eval' && r.state === 'done');
  if (!runs.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No finished eval run. Run Arabic LLM: Evaluate… first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(runs.map((r) => ({ label: r.id, detail: r.dir, dir: r.dir })), {
    canPickMany: true, title: vscode.l10n.t('Pick the eval runs to show'),
  });
  return picked?.map((p) => p.dir);
}

/** Arguments: one run (id, folder or Runs view item), an array of them, or (Runs view multi-select) clicked + selected. */
export async function showResults(services: Services, first?: unknown, selected?: unknown): Promise<string[] | undefined> {
  const args = Array.isArray(selected) && selected.length ? selected : Array.isArray(first) ? first : first === undefined ? [] : [first];
  const dirs = (await Promise.all(args.map((a) => dirOf(services, a)))).filter((d): d is string => !!d);
  const chosen = dirs.length ? dirs : await pickEvalRuns(services);
  if (!chosen?.length) return undefined;
  await services.resultsPanel.show(chosen);
  return chosen;
}
