/**
 * The editor's curation commands, one per operation: which files each takes, where its output goes by
 * default (beside the input), and the few questions it asks (quick picks with the usual choice first).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRatios } from '../../core/curation/ratios';
import type { CurationOperationName } from '../../protocol';
import { diagnosticSettings } from '../shared/settings';

/** What a command's questions decided: the operation's options and, for `mix`, every input. */
export interface CurateAnswers {
  options: Record<string, unknown>;
  inputs?: vscode.Uri[];
  /** `convert`: the output's extension (the engine writes Parquet for a .parquet output, else JSONL). */
  outputFormat?: 'jsonl' | 'parquet';
}

export interface CurateCommand {
  id: string;
  operation: CurationOperationName;
  /** Localized command name (progress title, Workspace Trust message). */
  name: () => string;
  /** Extensions the input may have. */
  extensions: readonly string[];
  /** The default output beside the (first) input, given the answers. */
  output(input: string, answers: CurateAnswers): string;
  /** The output is a folder (split). */
  folder?: boolean;
  /** The option naming a side report (rejected records, duplicate list…) that prompted runs write beside the output. */
  report?: { option: string; suffix: string };
  /** Asks what the operation needs; undefined when the user backs out. */
  ask?(input: vscode.Uri, selected: readonly vscode.Uri[]): Promise<CurateAnswers | undefined>;
}

const JSONL = ['.jsonl'] as const;
const ANY_FORMAT = ['.jsonl', '.json', '.csv', '.parquet'] as const;
const EXCLUDE = '**/{node_modules,.alw,.venv,.git}/**';

/** `dir/name.ext` → `dir/name<suffix>`. */
export function beside(input: string, suffix: string): string {
  const ext = path.extname(input);
  return path.join(path.dirname(input), path.basename(input, ext) + suffix);
}

interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

/** A quick pick whose first item is the default; undefined when dismissed. */
async function choose<T>(title: string, placeHolder: string, choices: Choice<T>[]): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(choices, { title, placeHolder, ignoreFocusOut: true }))?.value;
}

const SHORT_TEXTS = { minWords: 3, minStopWords: 0 };

const normalize: CurateCommand = {
  id: 'arabicLLM.normalizeDataset',
  operation: 'normalize',
  name: () => vscode.l10n.t('Normalize Dataset'),
  extensions: JSONL,
  output: (input) => beside(input, '.normalized.jsonl'),
  async ask() {
    const profile = await choose(normalize.name(), vscode.l10n.t('Normalization profile'), [
      { label: 'safe', description: vscode.l10n.t('For training data: presentation forms, Persian/Urdu letters, invisible characters, tatweel, spaces'), value: 'safe' },
      { label: 'match', description: vscode.l10n.t('Also folds hamza forms, ى/ي, ة/ه, diacritics, tatweel and digits (for matching, not training)'), value: 'match' },
    ]);
    return profile === undefined ? undefined : { options: { profile } };
  },
};

const filter: CurateCommand = {
  id: 'arabicLLM.filterDataset',
  operation: 'filter',
  name: () => vscode.l10n.t('Filter Dataset'),
  extensions: JSONL,
  output: (input) => beside(input, '.filtered.jsonl'),
  report: { option: 'rejected', suffix: '.rejected.jsonl' },
  async ask() {
    const changes = await choose<Record<string, number>>(filter.name(), vscode.l10n.t('Quality thresholds'), [
      { label: vscode.l10n.t('FineWeb-2 Arabic (web documents)'), description: vscode.l10n.t('at least 50 words and 2 stop words'), value: {} },
      { label: vscode.l10n.t('FineWeb-2 Arabic, short texts'), description: vscode.l10n.t('for SFT responses: at least 3 words, no stop-word minimum'), value: SHORT_TEXTS },
    ]);
    return changes === undefined ? undefined : { options: { preset: 'fineweb2-arabic', ...changes } };
  },
};

const dedup: CurateCommand = {
  id: 'arabicLLM.dedupDataset',
  operation: 'dedup',
  name: () => vscode.l10n.t('Remove Exact Duplicates'),
  extensions: JSONL,
  output: (input) => beside(input, '.dedup.jsonl'),
  report: { option: 'report', suffix: '.duplicates.jsonl' },
};

const nearDedup: CurateCommand = {
  id: 'arabicLLM.nearDedupDataset',
  operation: 'neardedup',
  name: () => vscode.l10n.t('Remove Near-Duplicates'),
  extensions: JSONL,
  output: (input) => beside(input, '.neardedup.jsonl'),
  report: { option: 'report', suffix: '.clusters.jsonl' },
};

const decontaminate: CurateCommand = {
  id: 'arabicLLM.decontaminateDataset',
  operation: 'decontaminate',
  name: () => vscode.l10n.t('Decontaminate Against Evaluation Sets'),
  extensions: JSONL,
  output: (input) => beside(input, '.decontaminated.jsonl'),
  report: { option: 'report', suffix: '.contaminated.jsonl' },
  async ask(input) {
    const files = await pickEvalFiles(input);
    return files && { options: { eval: files.map((f) => f.fsPath) } };
  },
};

const mix: CurateCommand = {
  id: 'arabicLLM.mixDatasets',
  operation: 'mix',
  name: () => vscode.l10n.t('Mix Datasets'),
  extensions: JSONL,
  output: (input) => beside(input, '.mixed.jsonl'),
  async ask(input, selected) {
    const inputs = await pickMixInputs(input, selected);
    if (!inputs) return undefined;
    const names = inputs.map((uri) => path.basename(uri.fsPath)).join(' : ');
    const ratios = await vscode.window.showInputBox({
      title: mix.name(),
      prompt: vscode.l10n.t('Ratios, one per file in this order: {0}', names),
      value: inputs.map(() => '1').join(':'),
      ignoreFocusOut: true,
      validateInput: (value) => ratioProblem(value, inputs.length),
    });
    return ratios === undefined ? undefined : { options: { ratios }, inputs };
  },
};

const split: CurateCommand = {
  id: 'arabicLLM.splitDataset',
  operation: 'split',
  name: () => vscode.l10n.t('Split Dataset'),
  extensions: JSONL,
  output: (input) => beside(input, '-split'),
  folder: true,
  async ask() {
    const ratios = await choose(split.name(), vscode.l10n.t('Train : validation (: test) ratios'), [
      { label: '0.9:0.1', description: vscode.l10n.t('train, validation'), value: '0.9:0.1' },
      { label: '0.8:0.1:0.1', description: vscode.l10n.t('train, validation, test'), value: '0.8:0.1:0.1' },
      { label: '0.95:0.05', description: vscode.l10n.t('train, validation'), value: '0.95:0.05' },
    ]);
    return ratios === undefined ? undefined : { options: { ratios } };
  },
};

const convert: CurateCommand = {
  id: 'arabicLLM.convertDataset',
  operation: 'convert',
  name: () => vscode.l10n.t('Convert Dataset'),
  extensions: ANY_FORMAT,
  output(input, { options, outputFormat = 'jsonl' }) {
    const ext = `.${outputFormat}`;
    if (options.to) return beside(input, `.${String(options.to)}${ext}`);
    return beside(input, path.extname(input).toLowerCase() === ext ? `.converted${ext}` : ext);
  },
  async ask() {
    const unchanged = vscode.l10n.t('Records unchanged');
    const to = await choose(convert.name(), vscode.l10n.t('Convert the records to'), [
      { label: unchanged, description: vscode.l10n.t('only the file format changes'), value: '' },
      { label: 'chat', description: '{"messages": [{"role", "content"}]}', value: 'chat' },
      { label: 'instruction', description: '{"instruction", "input", "output"}', value: 'instruction' },
      { label: 'sharegpt', description: '{"conversations": [{"from", "value"}]}', value: 'sharegpt' },
    ]);
    if (to === undefined) return undefined;
    const outputFormat = await choose(convert.name(), vscode.l10n.t('Output format'), [
      { label: 'JSONL', value: 'jsonl' as const },
      { label: 'Parquet', value: 'parquet' as const },
    ]);
    return outputFormat === undefined ? undefined : { options: to ? { to } : {}, outputFormat };
  },
};

export const CURATE_COMMANDS: readonly CurateCommand[] = [normalize, filter, dedup, nearDedup, decontaminate, mix, split, convert];

function ratioProblem(value: string, count: number): string | undefined {
  try {
    parseRatios(value, count);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** The workspace's datasets with these extensions, for pickers. */
export async function workspaceDatasets(extensions: readonly string[]): Promise<vscode.Uri[]> {
  const glob = `**/*.{${extensions.map((e) => e.slice(1)).join(',')}}`;
  return (await vscode.workspace.findFiles(glob, EXCLUDE, 5000)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** The files to mix: the explorer selection when it has two or more, else a multi-pick starting from the input. */
async function pickMixInputs(input: vscode.Uri, selected: readonly vscode.Uri[]): Promise<vscode.Uri[] | undefined> {
  if (selected.length >= 2) return [...selected];
  const files = await workspaceDatasets(JSONL);
  const items = files.map((uri) => ({ label: relative(uri), uri, picked: uri.fsPath === input.fsPath }));
  if (!items.some((i) => i.picked)) items.unshift({ label: relative(input), uri: input, picked: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: mix.name(), placeHolder: vscode.l10n.t('Datasets to mix (two or more)'), canPickMany: true, ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.length < 2) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Mixing needs two or more datasets.'));
    return undefined;
  }
  // The input first, then the others in the picker's order.
  return picked.map((i) => i.uri).sort((a, b) => Number(b.fsPath === input.fsPath) - Number(a.fsPath === input.fsPath));
}

/** Evaluation files: those of `arabicLLM.diagnostics.evalSets` (all picked) and "Other Files…", or an open dialog. */
async function pickEvalFiles(input: vscode.Uri): Promise<vscode.Uri[] | undefined> {
  const configured = (diagnosticSettings().evalSets ?? []).map((file) => vscode.Uri.file(file));
  const browse = () => vscode.window.showOpenDialog({
    title: decontaminate.name(),
    openLabel: vscode.l10n.t('Use as Evaluation Sets'),
    canSelectMany: true,
    defaultUri: vscode.Uri.file(path.dirname(input.fsPath)),
    filters: { [vscode.l10n.t('Datasets')]: ANY_FORMAT.map((e) => e.slice(1)) },
  });
  if (configured.length === 0) return browse();
  const other = { label: vscode.l10n.t('$(folder-opened) Other Files…'), uri: undefined, picked: false, alwaysShow: true };
  const picked = await vscode.window.showQuickPick([...configured.map((uri) => ({ label: relative(uri), uri, picked: true })), other], {
    title: decontaminate.name(), placeHolder: vscode.l10n.t('Evaluation sets (from arabicLLM.diagnostics.evalSets)'), canPickMany: true, ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const chosen = picked.flatMap((i) => (i.uri ? [i.uri] : []));
  if (picked.includes(other)) {
    const more = await browse();
    if (!more) return undefined;
    chosen.push(...more);
  }
  return chosen.length ? chosen : undefined;
}
