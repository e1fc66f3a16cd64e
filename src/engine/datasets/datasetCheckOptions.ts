/**
 * Turns the diagnostics settings into the core checker's options: loads the configured tokenizer (ALW014) and
 * builds the evaluation-set n-gram index (ALW016) in the background, once per set of files and n; when the
 * index is ready, `onReady` asks for a re-check.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { EvalIndex } from '../../core/curation/decontaminate';
import type { DiagnoseOptions } from '../../core/diagnostics/diagnoseDataset';
import type { DiagnosticSettings } from '../../protocol';
import { loadTokenizer } from './datasetStatsTokenizer';
import { readEvalItems } from '../formats/readEvalItems';

export const DEFAULT_CONTEXT_LENGTH = 4096;
export const DEFAULT_CONTAMINATION_NGRAM = 13;

interface EvalSetIndex {
  key: string;
  index?: EvalIndex;
}

export class DatasetCheckOptions {
  private evalSets: EvalSetIndex | undefined;

  constructor(private readonly onReady: () => void, private readonly log: (message: string) => void) {}

  resolve(settings: DiagnosticSettings = {}, workspaceRoot?: string): DiagnoseOptions {
    const resolvePath = (p: string) => path.resolve(workspaceRoot ?? process.cwd(), p);
    const contextLength = settings.contextLength ?? DEFAULT_CONTEXT_LENGTH;
    let countTokens: DiagnoseOptions['countTokens'];
    if (settings.tokenizer && contextLength > 0) {
      try {
        countTokens = loadTokenizer(resolvePath(settings.tokenizer)).countTokens;
      } catch (error) {
        this.log(`token-length checks are off: ${(error as Error).message}`);
      }
    }
    const evalFiles = (settings.evalSets ?? []).map(resolvePath);
    const index = evalFiles.length ? this.evalIndex(evalFiles, settings.contaminationNgram ?? DEFAULT_CONTAMINATION_NGRAM) : undefined;
    return {
      severity: settings.severity,
      minArabicShare: settings.minArabicShare,
      contextLength,
      countTokens,
      contamination: index && ((text) => describeMatches(index, text)),
    };
  }

  /** The index for these files and n when it is built; starts building it otherwise. */
  private evalIndex(files: string[], ngram: number): EvalIndex | undefined {
    const stamp = (f: string) => { try { return statSync(f).mtimeMs; } catch { return 0; } };
    const key = JSON.stringify([ngram, files.map((f) => [f, stamp(f)])]);
    if (this.evalSets?.key === key) return this.evalSets.index;
    const entry: EvalSetIndex = { key };
    this.evalSets = entry;
    readEvalItems(files, (file) => path.basename(file), (file, source) =>
      this.log(`${file}:${source.line}: skipped in the contamination index: ${source.error?.message ?? 'unreadable record'}`),
    ).then((items) => {
      entry.index = EvalIndex.build(items, { ngram, minWords: Math.min(8, ngram) });
      if (this.evalSets === entry) this.onReady();
    }, (error) => this.log(`contamination checks are off: ${(error as Error).message}`));
    return undefined;
  }
}

function describeMatches(index: EvalIndex, text: string): string | undefined {
  const matches = index.query(text);
  if (matches.length === 0) return undefined;
  const [first] = matches;
  const more = matches.length > 1 ? ` and ${matches.length - 1} more item(s)` : '';
  return `${first.itemId} shares ${first.count} ${index.options.ngram}-word n-gram(s), e.g. "${first.ngram}"${more}`;
}
