import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './helpers';

/** The command ids of docs/architecture.md ("UI contract used by the end-to-end tests"). */
export const COMMAND_IDS = [
  'arabicLLM.setupPython',
  'arabicLLM.startRun',
  'arabicLLM.cancelRun',
  'arabicLLM.showRun',
  'arabicLLM.compareResponses',
  'arabicLLM.generate',
  'arabicLLM.restartEngine',
  'arabicLLM.showLog',
  'arabicLLM.openDatasetPanel',
  'arabicLLM.openDatasetAsText',
  'arabicLLM.refreshDatasets',
  'arabicLLM.resumeRun',
  'arabicLLM.resumeFromCheckpoint',
  'arabicLLM.deleteRun',
  'arabicLLM.compareRuns',
  'arabicLLM.refreshRuns',
  'arabicLLM.evaluate',
  'arabicLLM.showResults',
  'arabicLLM.normalizeDataset',
  'arabicLLM.filterDataset',
  'arabicLLM.dedupDataset',
  'arabicLLM.nearDedupDataset',
  'arabicLLM.decontaminateDataset',
  'arabicLLM.mixDatasets',
  'arabicLLM.splitDataset',
  'arabicLLM.convertDataset',
];

interface ContributedCommand { command: string; title: string; category?: string }

suite('Commands', () => {
  test('every command of the UI contract is contributed with category "Arabic LLM"', () => {
    const contributed: ContributedCommand[] = extension().packageJSON?.contributes?.commands ?? [];
    for (const id of COMMAND_IDS) {
      const entry = contributed.find((c) => c.command === id);
      assert.ok(entry, `package.json contributes.commands lacks ${id}`);
      assert.equal(entry.category, 'Arabic LLM', `category of ${id}`);
      assert.ok(entry.title && !/^%.*%$/.test(entry.title), `${id} has a resolved title (got ${JSON.stringify(entry.title)})`);
    }
  });

  test('every command of the UI contract is registered after activation', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMAND_IDS.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });
});
