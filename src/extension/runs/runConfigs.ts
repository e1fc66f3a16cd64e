/** Run configs in the workspace (YAML files with a top-level `stage:`), and the "Tiny CPU demo" preset. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectKind } from '../../core/datasets/datasetKinds';
import { workspaceRoot } from '../shared/settings';
import { exists } from '../shared/fileExists';

const EXCLUDE = '**/{node_modules,.alw,.venv}/**';
const PRESET_FILE = 'tiny-sft.yaml';

export async function findRunConfigs(): Promise<vscode.Uri[]> {
  const [workspace, generated] = await Promise.all([
    vscode.workspace.findFiles('**/*.{yaml,yml}', EXCLUDE, 1000),
    vscode.workspace.findFiles('.alw/configs/*.{yaml,yml}', undefined, 100),
  ]);
  const configs: vscode.Uri[] = [];
  for (const uri of [...workspace, ...generated]) {
    if (await isRunConfig(uri)) configs.push(uri);
  }
  return configs.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

async function isRunConfig(uri: vscode.Uri): Promise<boolean> {
  try {
    return /^stage:[ \t]*\S/m.test(await readText(uri));
  } catch {
    return false;
  }
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export function stageOf(text: string): string | undefined {
  return /^stage:[ \t]*([\w-]+)/m.exec(text)?.[1];
}

export async function stageOfFile(uri: vscode.Uri): Promise<string | undefined> {
  return stageOf(await readText(uri).catch(() => ''));
}

/**
 * Writes <workspace>/.alw/configs/tiny-sft.yaml (kept as is if it already exists): supervised fine-tuning of a
 * ~1M-parameter model built offline, on a chat dataset of the workspace. Undefined if there is none or the user backs out.
 */
export async function writeTinyPreset(): Promise<vscode.Uri | undefined> {
  const root = workspaceRoot();
  if (!root) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the preset is written into the workspace.'));
    return undefined;
  }
  const target = vscode.Uri.file(path.join(root, '.alw', 'configs', PRESET_FILE));
  if (await exists(target)) return target;
  const train = await pickChatDataset();
  if (!train) return undefined;
  const folder = path.dirname(train.fsPath);
  const corpus = [train.fsPath];
  for (const sibling of ['pretrain.jsonl', 'preferences.jsonl']) {
    const file = path.join(folder, sibling);
    if (await exists(vscode.Uri.file(file))) corpus.push(file);
  }
  const configDir = path.dirname(target.fsPath);
  const rel = (file: string) => JSON.stringify(path.relative(configDir, file).split(path.sep).join('/'));
  const yaml = `# Tiny CPU demo: supervised fine-tuning of a ~1M-parameter Llama built offline from your data.
# Paths are relative to this file.
stage: sft
model:
  path: ../models/tiny
  create_tiny_if_missing: true
  tiny_corpus: [${corpus.map(rel).join(', ')}]
data:
  train: ${rel(train.fsPath)}
method: full
training:
  max_steps: 40
  learning_rate: 3.0e-3
  per_device_train_batch_size: 4
  max_length: 256
  seed: 42
  save_steps: 20
  logging_steps: 1
`;
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(configDir));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(yaml));
  return target;
}

async function pickChatDataset(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.jsonl', EXCLUDE, 500);
  const chat: vscode.Uri[] = [];
  for (const uri of files) {
    const head = (await readText(uri).catch(() => '')).split(/\r?\n/, 50);
    const records = head.flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return [];
      }
    });
    if (detectKind(records) === 'chat') chat.push(uri);
  }
  if (chat.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The Tiny CPU demo needs a chat dataset: a .jsonl file whose records have "messages".'));
    return undefined;
  }
  const preferred = chat.filter((uri) => path.basename(uri.fsPath) === 'sft.jsonl');
  if (chat.length === 1 || preferred.length === 1) return preferred[0] ?? chat[0];
  const item = await vscode.window.showQuickPick(
    chat.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { placeHolder: vscode.l10n.t('Pick the chat dataset to train on') },
  );
  return item?.uri;
}
