/** The preference records of workspace dataset files, for pickers (the pair itself comes from src/core). */
import * as vscode from 'vscode';
import { detectKind } from '../../core/datasets/datasetKinds';
import { preferencePairOf } from '../../core/preferences/preferencePair';
import type { PreferencePair } from '../../protocol';
import { headLines } from '../shared/headLines';

export interface PreferenceLine {
  /** Zero-based line. */
  line: number;
  pair: PreferencePair;
}

function parseLines(lines: string[]): { line: number; record: unknown }[] {
  const records: { line: number; record: unknown }[] = [];
  lines.forEach((raw, line) => {
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
  return parseLines((await readText(uri)).split(/\r?\n/)).flatMap(({ line, record }) => {
    const pair = preferencePairOf(record);
    return pair ? [{ line, pair }] : [];
  });
}

export async function isPreferenceFile(uri: vscode.Uri): Promise<boolean> {
  return detectKind(parseLines(await headLines(uri, 50)).map((r) => r.record)) === 'preference';
}

export async function findPreferenceFiles(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*.jsonl', '**/{node_modules,.alw,.venv}/**', 500);
  const checks = await Promise.all(files.map(async (uri) => ((await isPreferenceFile(uri).catch(() => false)) ? uri : undefined)));
  return checks.filter((uri): uri is vscode.Uri => uri !== undefined);
}
