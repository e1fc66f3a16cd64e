/**
 * The engine killed mid-curation (SIGKILL, as a crash or the OOM killer would): the client starts a new engine
 * within 2 s, the curation is reported as interrupted (not as a failure with a protocol message), its output
 * never appears half-written, and the input is untouched. Runs last: it replaces the engine process.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, poll, withTimeout, workspaceFile } from './helpers';

interface RestartApi {
  whenEngineReady(): Promise<unknown>;
  readonly engineState: string;
  readonly engineProcessId: number | undefined;
  readonly lastInterruptedCuration: string | undefined;
}

suite('Engine restart', () => {
  const input = workspaceFile('suite-large-pretrain.jsonl');
  const output = workspaceFile('suite-large-pretrain.filtered.jsonl');

  suiteTeardown(async () => {
    for (const uri of [input, output]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  test('killed mid-curation: a new engine within 2 s, the curation reported as interrupted, nothing half-written', async function () {
    this.timeout(120_000);
    const workbench = (await api()) as unknown as RestartApi;
    await workbench.whenEngineReady();
    const killed = workbench.engineProcessId;
    assert.ok(killed, 'the engine reports its process id');
    const text = Array.from({ length: 400_000 }, (_, i) => JSON.stringify({ text: `السجل ${i}: نص عربي عن التاريخ والأدب والعلوم في المدن العربية.` })).join('\n') + '\n';
    await vscode.workspace.fs.writeFile(input, Buffer.from(text));
    const folder = vscode.Uri.joinPath(input, '..');
    const running = vscode.commands.executeCommand('arabicLLM.filterDataset', input, {
      output: 'suite-large-pretrain.filtered.jsonl', options: { minWords: 3, minStopWords: 0 },
    });
    // The operation is writing once its temporary output exists.
    await poll(async () => (await vscode.workspace.fs.readDirectory(folder)).find(([name]) => name.startsWith('suite-large-pretrain.filtered.jsonl.tmp-')), 30_000, 'the filter writes', 20);
    process.kill(killed, 'SIGKILL');
    const start = Date.now();
    const back = await poll(() => (workbench.engineState === 'ready' && workbench.engineProcessId !== killed ? Date.now() - start : undefined), 10_000, 'a new engine', 20);
    assert.ok(back <= 2_000, `a new engine was ready ${back} ms after the kill`);
    const result = await withTimeout(running, 30_000, 'the interrupted command returns');
    assert.equal(result, undefined, 'no result for an interrupted curation');
    assert.match(workbench.lastInterruptedCuration ?? '', /Filter Dataset was interrupted: the engine stopped while it ran\. Nothing was written/);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(output)), 'no output, not even a partial one');
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(input)).toString('utf8'), text, 'the input is untouched');
    // The new engine serves requests.
    await workbench.whenEngineReady();
    const after = await vscode.commands.executeCommand<{ outputs: string[] } | undefined>('arabicLLM.filterDataset', input, {
      output: 'suite-large-pretrain.filtered.jsonl', options: { minWords: 3, minStopWords: 0 },
    });
    assert.ok(after?.outputs.length, 'the same curation runs to the end on the new engine');
  });
});
