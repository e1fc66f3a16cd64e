/** Preference pairs (prompt/chosen/rejected) from dataset records, as plain text. */
import * as vscode from 'vscode';
import { detectKind } from '../core/datasetKinds';
import type { PreferencePair } from '../protocol';

export interface PreferenceLine {
  /** Zero-based line. */
  line: number;
  pair: PreferencePair;
}

/** A field as text: a string as is, a chat message list as its turns' text (assistant turns for responses). */
export function textOf(value: unknown, response: boolean): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!Array.isArray(value)) return '';
  const turns = value.filter((t): t is Record<string, unknown> => !!t && typeof t === 'object');
  const assistant = turns.filter((t) => t.role === 'assistant');
  const picked = response && assistant.length > 0 ? assistant : turns;
  return picked.map((t) => contentText(t.content)).filter(Boolean).join('\n\n');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

export function pairOf(record: unknown): PreferencePair | undefined {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const r = record as Record<string, unknown>;
  if (!('chosen' in r) || !('rejected' in r)) return undefined;
  const pair = { prompt: textOf(r.prompt, false), chosen: textOf(r.chosen, true), rejected: textOf(r.rejected, true) };
  return pair.chosen.trim() && pair.rejected.trim() ? pair : undefined;
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
    const pair = pairOf(record);
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
