/**
 * Reads what the Results panel shows of an eval run folder: metrics.json and predictions.jsonl (written when the
 * run was scored), requests.jsonl (the prompts) and eval.json (the model and the benchmark definition, whose
 * `published` block gives the reference rows).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { promptsByRequest, resultItems, type ResultItem } from '../../core/evaluation/resultsItems';
import { parseMetrics, type PublishedResults, type ResultsRun } from '../../core/evaluation/resultsTables';

export interface LoadedEvalRun extends ResultsRun {
  dir: string;
  items: ResultItem[];
  published?: PublishedResults;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
}

/** The shipped definition (benchmarks/NAME.yaml of the extension) or the file eval.json names. */
async function publishedOf(extensionUri: vscode.Uri, benchmark: string, definitionFile: string | undefined): Promise<PublishedResults | undefined> {
  const candidates = [definitionFile, path.join(extensionUri.fsPath, 'benchmarks', `${benchmark}.yaml`)].filter((f): f is string => !!f);
  for (const file of candidates) {
    const text = await readText(file);
    if (text === undefined) continue;
    try {
      const definition = parse(text) as { name?: string; published?: PublishedResults } | null;
      if (definition?.name === benchmark) return definition.published;
    } catch {
      // Not YAML any more: no reference rows from it.
    }
  }
  return undefined;
}

export async function loadEvalRun(extensionUri: vscode.Uri, dir: string): Promise<LoadedEvalRun> {
  const metricsFile = path.join(dir, 'metrics.json');
  const metricsText = await readText(metricsFile);
  if (metricsText === undefined) {
    const scoringError = await readText(path.join(dir, 'scoring-error.txt'));
    if (scoringError) throw new Error(vscode.l10n.t('{0}: the run could not be scored: {1}', dir, scoringError.trim()));
    throw new Error(vscode.l10n.t('{0}: no metrics.json (the run is not an eval run, or it was not scored yet)', dir));
  }
  const metrics = parseMetrics(metricsText, metricsFile);
  const evalJson = await readText(path.join(dir, 'eval.json'));
  let options: { model?: string; benchmark?: string } = {};
  try {
    if (evalJson) options = JSON.parse(evalJson);
  } catch {
    // An unreadable eval.json only loses the label and the definition file.
  }
  const requestsFile = path.join(dir, 'requests.jsonl');
  const prompts = promptsByRequest((await readText(requestsFile)) ?? '', requestsFile);
  const predictionsFile = path.join(dir, 'predictions.jsonl');
  const items = resultItems((await readText(predictionsFile)) ?? '', predictionsFile, prompts);
  const model = metrics.model ?? options.model;
  const id = path.basename(dir);
  return {
    id, dir, label: model ? path.basename(model) : id, metrics, items,
    published: await publishedOf(extensionUri, metrics.benchmark, options.benchmark),
  };
}
