/**
 * Arabic LLM: Evaluate…: picks checkpoints (a finished training run's output and checkpoint folders, or any model
 * folder) and benchmarks (shipped names or a definition file), the data folder, the method and a limit, and starts
 * one eval run per pair through the engine (`workbench/eval/start`). The engine scores each run when it is done;
 * the Results panel then opens on them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkpointsOf, isFinished } from '../../core/runs/runStates';
import { Methods, type EvalStartParams, type RunInfo } from '../../protocol';
import { errorMessage, type Services } from '../services';

/** The command's answers, given at once (tests, scripts) instead of asked. */
export interface EvaluateArgs {
  models: string[];
  benchmarks: string[];
  data: string;
  method?: EvalStartParams['method'];
  limit?: number;
  split?: string;
  chat?: boolean;
  /** Wait for the runs to end (and be scored) and open the Results panel on them; default true. */
  show?: boolean;
}

const TRAINING_STAGES = new Set(['sft', 'rlaif', 'dpo', 'pipeline']);
const DATA_KEY = 'arabicLLM.evaluate.data';

export function isEvaluateArgs(value: unknown): value is EvaluateArgs {
  const v = value as Partial<EvaluateArgs> | undefined;
  return !!v && Array.isArray(v.models) && Array.isArray(v.benchmarks) && typeof v.data === 'string';
}

/** The model folders of a finished run: its output folder (when it holds a model) and its checkpoints, newest first. */
function modelFoldersOf(run: RunInfo): string[] {
  const output = path.join(run.dir, 'output');
  const hasModel = (dir: string) => fs.existsSync(path.join(dir, 'config.json')) || fs.existsSync(path.join(dir, 'adapter_config.json'));
  return [...(hasModel(output) ? [output] : []), ...[...checkpointsOf(run)].reverse()];
}

async function pickModels(services: Services, runId?: string): Promise<string[] | undefined> {
  const runs = runId ? [services.tracker.get(runId)?.info].filter((r): r is RunInfo => !!r)
    : services.tracker.all().map((t) => t.info).filter((r) => r.state === 'done' && TRAINING_STAGES.has(r.stage));
  const folder = vscode.l10n.t('Choose a model folder…');
  const items: (vscode.QuickPickItem & { dir?: string })[] = runs.flatMap((run) => modelFoldersOf(run).map((dir) => ({
    label: path.basename(dir), description: run.id, detail: dir, dir, picked: runId !== undefined && dir === modelFoldersOf(run)[0],
  })));
  items.push({ label: folder, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Evaluate: checkpoints'), placeHolder: vscode.l10n.t('Pick the checkpoints to evaluate') });
  if (!picked?.length) return undefined;
  const dirs = picked.filter((p) => p.dir).map((p) => p.dir!);
  if (picked.some((p) => !p.dir)) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: true, title: folder });
    dirs.push(...(chosen ?? []).map((u) => u.fsPath));
  }
  return dirs.length ? dirs : undefined;
}

function shippedBenchmarks(services: Services): string[] {
  const dir = path.join(services.context.extensionUri.fsPath, 'benchmarks');
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

async function pickBenchmarks(services: Services): Promise<string[] | undefined> {
  const file = vscode.l10n.t('Benchmark definition file…');
  const items: vscode.QuickPickItem[] = [...shippedBenchmarks(services).map((name) => ({ label: name })), { label: file, alwaysShow: true }];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Evaluate: benchmarks') });
  if (!picked?.length) return undefined;
  const names = picked.filter((p) => p.label !== file).map((p) => p.label);
  if (picked.some((p) => p.label === file)) {
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { YAML: ['yaml', 'yml'] }, title: file });
    names.push(...(chosen ?? []).map((u) => u.fsPath));
  }
  return names.length ? names : undefined;
}

async function askArgs(services: Services, runId?: string): Promise<EvaluateArgs | undefined> {
  const models = await pickModels(services, runId);
  if (!models) return undefined;
  const benchmarks = await pickBenchmarks(services);
  if (!benchmarks) return undefined;
  const remembered = services.context.workspaceState.get<string>(DATA_KEY);
  const data = (await vscode.window.showOpenDialog({
    canSelectFolders: true, canSelectFiles: false, title: vscode.l10n.t('Evaluate: the benchmark data folder'),
    ...(remembered ? { defaultUri: vscode.Uri.file(remembered) } : {}),
  }))?.[0]?.fsPath;
  if (!data) return undefined;
  await services.context.workspaceState.update(DATA_KEY, data);
  const methods = [
    { label: 'generative', description: vscode.l10n.t('greedy answers, read by the extraction') },
    { label: 'loglikelihood', description: vscode.l10n.t('the option with the highest log-probability') },
    { label: 'both', description: vscode.l10n.t('both methods') },
  ];
  const method = (await vscode.window.showQuickPick(methods, { title: vscode.l10n.t('Evaluate: method') }))?.label as EvaluateArgs['method'] | undefined;
  if (!method) return undefined;
  const limitText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Evaluate: items per task'), prompt: vscode.l10n.t('The first N items of each task; empty for all'),
    validateInput: (v) => (!v.trim() || /^[1-9]\d*$/.test(v.trim()) ? undefined : vscode.l10n.t('A positive whole number, or empty')),
  });
  if (limitText === undefined) return undefined;
  return { models, benchmarks, data, method, ...(limitText.trim() ? { limit: Number(limitText.trim()) } : {}) };
}

/** Resolves when the tracker sees the run finished (the engine announces a done eval run once it is scored). */
function whenFinished(services: Services, run: RunInfo): Promise<RunInfo> {
  const known = services.tracker.get(run.id)?.info ?? run;
  if (isFinished(known.state)) return Promise.resolve(known);
  return new Promise((resolve) => {
    const listener = services.tracker.onDidChangeRun(({ info }) => {
      if (info.id === run.id && isFinished(info.state)) {
        listener.dispose();
        resolve(info);
      }
    });
  });
}

/**
 * Resolves when the engine has scored a done run (metrics.json, or scoring-error.txt when it could not) or after
 * `ms`: the tracker may see the run done from its status.json (the runs folder watcher) before the engine's
 * announcement, which comes after the scoring.
 */
async function whenScored(dir: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!['metrics.json', 'scoring-error.txt'].some((f) => fs.existsSync(path.join(dir, f))) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Arguments: a Runs view item or run id (its checkpoints are offered), or EvaluateArgs (nothing asked). Returns the started runs. */
export async function evaluate(services: Services, arg?: unknown): Promise<RunInfo[]> {
  const runId = typeof arg === 'string' ? arg : typeof (arg as { runId?: unknown })?.runId === 'string' ? (arg as { runId: string }).runId : undefined;
  const args = isEvaluateArgs(arg) ? arg : await askArgs(services, runId);
  if (!args) return [];
  const started: RunInfo[] = [];
  for (const model of args.models) {
    for (const benchmark of args.benchmarks) {
      try {
        const run = await services.engine.request(Methods.startEval, {
          benchmark, model, data: args.data, method: args.method, limit: args.limit, split: args.split, chat: args.chat,
        });
        services.tracker.update(run);
        started.push(run);
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the evaluation of {0} on {1}: {2}', path.basename(model), benchmark, errorMessage(error)));
      }
    }
  }
  if (!started.length) return started;
  vscode.window.setStatusBarMessage(vscode.l10n.t('{0} evaluation runs started', started.length), 10_000);
  if (args.show === false) return started;
  const ended = await Promise.all(started.map((run) => whenFinished(services, run)));
  const done = ended.filter((r) => r.state === 'done');
  await Promise.all(done.map((r) => whenScored(r.dir)));
  if (done.length) await services.resultsPanel.show(done.map((r) => r.dir));
  if (done.length < ended.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} of {1} evaluation runs did not finish: see the Runs view.', ended.length - done.length, ended.length));
  }
  return started;
}
