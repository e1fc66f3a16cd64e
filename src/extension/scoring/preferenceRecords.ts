/** The preference records of workspace dataset files, for pickers (the pair itself comes from src/core). */
import * as vscode from 'vscode';
import { detectKind } from '../../core/datasets/datasetKinds';
import { preferencePairOf } from '../../core/preferences/preferencePair';
import type { PreferencePair } from '../../protocol';

export interface PreferenceLine {
  /** Zero-based line. */
  line: number;
  pair: PreferencePair;
}

function parseLines(text: string): { line: number; record: unknown }[] {
  const records: { line: number; record: unknown }[] = [];
  text.split(/\r?\n/).forEach((raw, line) => {
    if (!raw.trim()) return;
    try {
      records.push({ line, record: JSON.parse(raw) });
    } catch {
      // Broken lines are the engine's diagnostics' business; here they are just not offered.
    }
  });
  return records;
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export async function preferenceLines(uri: vscode.Uri): Promise<PreferenceLine[]> {
  return parseLines(await readText(uri)).flatMap(({ line, record }) => {
    const pair = preferencePairOf(record);
    return pair ? [{ line, pair }] : [];
  });
}

export async function isPreferenceFile(uri: vscode.Uri): Promise<boolean> {
  const text = await readText(uri);
  const head = text.split(/\r?\n/, 50).join('\n');
  return detectKind(parseLines(head).map((r) => r.record)) === 'preference';
}

export async function findPreferenceFiles(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*.jsonl', '**/{node_modules,.alw,.venv}/**', 500);
  const checks = await Promise.all(files.map(async (uri) => ((await isPreferenceFile(uri).catch(() => false)) ? uri : undefined)));
  return checks.filter((uri): uri is vscode.Uri => uri !== undefined);
}
