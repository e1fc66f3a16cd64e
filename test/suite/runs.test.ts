/**
 * Runs in the real extension host: the `arabicLLM` task provider, a task that trains through the real engine and
 * trainer (tiny CPU model), and the Runs view's items for it. Cancel → resume → delete and the comparison are
 * driven through the UI in test/e2e/flows/20-runs.mjs.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, poll, withTimeout, workspaceFile } from './helpers';

interface RunsApi {
  whenEngineReady(): Promise<unknown>;
  runsView: vscode.TreeDataProvider<unknown>;
}

interface Row {
  node: unknown;
  item: vscode.TreeItem;
}

async function runsApi(): Promise<RunsApi> {
  const workbench = (await api()) as unknown as RunsApi;
  await withTimeout(workbench.whenEngineReady(), 45_000, 'whenEngineReady()');
  assert.ok(workbench.runsView, 'activate() exposes the Runs view provider');
  return workbench;
}

async function rows(view: vscode.TreeDataProvider<unknown>, parent?: unknown): Promise<Row[]> {
  const nodes = (await view.getChildren(parent)) ?? [];
  return Promise.all(nodes.map(async (node) => ({ node, item: await view.getTreeItem(node) })));
}

/** "SFT · 31/3000 · …" → 31. */
function shownStep(row: Row): number {
  const match = /(\d+)\/(\d+)/.exec(String(row.item.description ?? ''));
  assert.ok(match, `the row shows step/total: ${row.item.description}`);
  return Number(match[1]);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

function trainingValue(yaml: string, key: string): number {
  const match = new RegExp(`^\\s+${key}:\\s*(\\d+)`, 'm').exec(yaml);
  assert.ok(match, `${key} in the config`);
  return Number(match[1]);
}

suite('Runs: tasks and the Runs view', () => {
  test('the task provider offers one arabicLLM task per run config of the workspace', async () => {
    await runsApi();
    const sampleConfigs = (await vscode.workspace.fs.readDirectory(workspaceFile('runs')))
      .map(([name]) => name).filter((name) => /\.ya?ml$/.test(name)).map((name) => `runs/${name}`);
    assert.ok(sampleConfigs.length >= 2, `sample run configs: ${sampleConfigs.join(', ')}`);
    const tasks = await vscode.tasks.fetchTasks({ type: 'arabicLLM' });
    const configs = tasks.map((task) => task.definition.config as string);
    for (const config of sampleConfigs) assert.ok(configs.includes(config), `a task for ${config} (got ${configs.join(', ')})`);
    for (const task of tasks) {
      assert.equal(task.source, 'Arabic LLM');
      assert.ok(task.execution instanceof vscode.CustomExecution, `${task.name} runs through the engine`);
    }
  });

  test('a task trains tiny-sft: it ends with exit code 0 and the Runs view shows the run done with its checkpoints', async function () {
    this.timeout(300_000);
    const { runsView } = await runsApi();
    const config = 'runs/tiny-sft.yaml';
    const yaml = await readText(workspaceFile(config));
    const task = (await vscode.tasks.fetchTasks({ type: 'arabicLLM' })).find((t) => t.definition.config === config);
    assert.ok(task, `a task for ${config}`);
    const before = new Set((await rows(runsView)).map((r) => r.item.id));
    const ours = (e: { execution: vscode.TaskExecution }) => e.execution.task.definition.config === config;
    let processExit: number | undefined;
    const listeners = [vscode.tasks.onDidEndTaskProcess((e) => { if (ours(e)) processExit = e.exitCode; })];
    const ended = new Promise<void>((resolve) => listeners.push(vscode.tasks.onDidEndTask((e) => { if (ours(e)) resolve(); })));
    const execution = await vscode.tasks.executeTask(task);
    try {
      await withTimeout(ended, 280_000, `the ${config} task to end`);
    } finally {
      listeners.forEach((l) => l.dispose());
    }
    // A pseudoterminal task has no process id, so VS Code may not report a process end: the terminal's exit status says it.
    const exitCode = processExit ?? await poll(() => vscode.window.terminals.find((t) => t.name.includes(execution.task.name))?.exitStatus?.code,
      5_000, `the exit status of the terminal of "${execution.task.name}" (terminals: ${vscode.window.terminals.map((t) => t.name).join(', ')})`);
    assert.equal(exitCode, 0, 'the task ends like the run: 0 when done');

    const row = await poll(async () => (await rows(runsView)).find((r) => !before.has(r.item.id) && /^run-done\b/.test(String(r.item.contextValue))),
      10_000, 'a new run-done row in the Runs view', 250);
    assert.equal(row.item.label, 'tiny-sft');
    const maxSteps = trainingValue(yaml, 'max_steps');
    assert.equal(shownStep(row), maxSteps);
    const saveSteps = trainingValue(yaml, 'save_steps');
    const expected: string[] = [];
    for (let step = saveSteps; step <= maxSteps; step += saveSteps) expected.unshift(`checkpoint-${step}`);
    const checkpoints = await rows(runsView, row.node);
    assert.deepEqual(checkpoints.map((c) => c.item.label), expected, 'its checkpoints, newest first');
    assert.ok(checkpoints.every((c) => c.item.contextValue === 'checkpoint'), 'a finished run offers no resume');
  });
});
