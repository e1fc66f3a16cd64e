/**
 * One dataset under human preference review: its pairs, the judge report's verdicts, the reward-model scores
 * gathered so far and this annotator's labels, every change appended to the labels journal at once. No vscode
 * here: the panel host and the commands drive it (and the suites through them). The dataset is only read.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { agreementReport, type AgreementReport, type PairScores } from '../../core/preferences/agreementReport';
import { shownOrder, slotChoice } from '../../core/preferences/blindShuffle';
import { verdictWinner } from '../../core/preferences/judgeOrder';
import { judgeOutcomeFor, readJudgeReport, type JudgeView } from '../../core/preferences/judgeReport';
import { choiceFor, mergeLabels, type JournalEntry, type LabelChoice, type LabelFlag, type LabelRecord } from '../../core/preferences/labelsJournal';
import { exportPreferences, type ExportCounts, type ExportOptions } from '../../core/preferences/preferenceExport';
import { reviewPairsOfText, type ReviewPair } from '../../core/preferences/reviewPairs';
import { appendJournalEntry, readJournalFile, writeJsonlAtomic } from '../../engine/preferences/labelsFiles';
import type { JudgeOrderShown, PanelLabel, PanelPair } from '../../webview/preferences/preferenceMessages';

const PAIR_FIELDS = new Set(['prompt', 'chosen', 'rejected', 'responses']);

export interface LabelInput {
  note?: string;
  flags?: LabelFlag[];
  blind?: boolean;
}

export class PreferenceReview {
  readonly pairs: ReviewPair[];
  readonly problems: string[];
  private readonly byHash = new Map<string, ReviewPair>();
  private readonly lines: string[];
  private judge: Map<string, JudgeView> | undefined;
  private judgeFile: string | undefined;
  readonly scores = new Map<string, [number, number]>();
  /** This session's labels in the order given, with what each replaced, for undo. */
  private readonly undoStack: Array<{ hash: string; previous: LabelRecord | undefined }> = [];
  private mine: Map<string, LabelRecord>;

  constructor(readonly datasetFile: string, readonly journal: string, readonly annotator: string, text: string) {
    this.lines = text.split('\n');
    const read = reviewPairsOfText(text, path.basename(datasetFile));
    this.pairs = read.pairs;
    this.problems = read.problems;
    for (const pair of this.pairs) if (!this.byHash.has(pair.hash)) this.byHash.set(pair.hash, pair);
    const journalRead = readJournalFile(journal);
    this.problems.push(...journalRead.problems);
    this.mine = new Map(mergeLabels(journalRead.entries).filter((l) => l.annotator === annotator).map((l) => [l.pair, l]));
  }

  static open(datasetFile: string, journal: string, annotator: string): PreferenceReview {
    return new PreferenceReview(datasetFile, journal, annotator, readFileSync(datasetFile, 'utf8'));
  }

  get seed(): string {
    return this.annotator;
  }

  get judgeReport(): string | undefined {
    return this.judgeFile;
  }

  /** Reads a judge report; its unreadable lines throw, naming FILE:LINE:COLUMN. */
  loadJudgeReport(file: string): void {
    const { verdicts, problems } = readJudgeReport(readFileSync(file, 'utf8'), file);
    if (problems.length) throw new Error(problems.slice(0, 5).join('\n'));
    this.judge = verdicts;
    this.judgeFile = file;
  }

  pair(hash: string): ReviewPair {
    const pair = this.byHash.get(hash);
    if (!pair) throw new Error(`no pair ${hash} in ${path.basename(this.datasetFile)}`);
    return pair;
  }

  /** Labels a pair by the slot the person chose (A, B as shown) or tie / both-bad; appended to the journal at once. */
  labelSlot(hash: string, slot: 'A' | 'B' | 'tie' | 'both-bad', input: LabelInput = {}): LabelRecord {
    const choice: LabelChoice = slot === 'A' || slot === 'B' ? slotChoice(slot, shownOrder(this.seed, hash)) : slot;
    return this.label(hash, choice, input);
  }

  /** Labels a pair in its own terms (first = the record's chosen, or responses[i]). */
  label(hash: string, choice: LabelChoice, input: LabelInput = {}): LabelRecord {
    const pair = this.pair(hash);
    const record: LabelRecord = {
      v: 1, pair: hash, annotator: this.annotator, at: new Date().toISOString(), choice, first: pair.firstHash,
      shown: shownOrder(this.seed, hash), seed: this.seed, blind: input.blind ?? true,
      ...(input.note?.trim() ? { note: input.note.trim() } : {}), ...(input.flags?.length ? { flags: input.flags } : {}),
      source: `${path.basename(this.datasetFile)}:${pair.line}`,
    };
    this.append(record);
    this.undoStack.push({ hash, previous: this.mine.get(hash) });
    this.mine.set(hash, record);
    return record;
  }

  /** Takes back this session's last label: the one it replaced is written again, or a retraction. The pair, if any. */
  undo(): string | undefined {
    const last = this.undoStack.pop();
    if (!last) return undefined;
    const at = new Date().toISOString();
    if (last.previous) {
      const again = { ...last.previous, at };
      this.append(again);
      this.mine.set(last.hash, again);
    } else {
      this.append({ v: 1, pair: last.hash, annotator: this.annotator, at, retracted: true });
      this.mine.delete(last.hash);
    }
    return last.hash;
  }

  private append(entry: JournalEntry): void {
    appendJournalEntry(this.journal, entry);
  }

  myLabels(): Record<string, PanelLabel> {
    return Object.fromEntries([...this.mine].filter(([hash]) => this.byHash.has(hash)).map(([hash, l]) =>
      [hash, { choice: choiceFor(l, this.pair(hash).first), note: l.note ?? '', flags: l.flags ?? [] }]));
  }

  /** Every annotator's current labels, read from the journal again (others may have written since). */
  allLabels(): LabelRecord[] {
    return mergeLabels(readJournalFile(this.journal).entries);
  }

  agreement(bins = 20): AgreementReport {
    const rewardScores = new Map<string, PairScores>([...this.scores].map(([hash, scores]) => [hash, { firstHash: this.pair(hash).firstHash, scores }]));
    const pairsHere = new Set(this.byHash.keys());
    const judge = this.judge && new Map([...this.judge].filter(([hash]) => pairsHere.has(hash)));
    return agreementReport({
      labels: this.allLabels().filter((l) => pairsHere.has(l.pair)), judge, rewardScores,
      reference: new Map([...this.byHash].map(([hash, p]) => [hash, p.firstHash])),
    }, bins);
  }

  exportTo(file: string, options: ExportOptions): ExportCounts {
    if (path.resolve(file) === path.resolve(this.datasetFile) || path.resolve(file) === path.resolve(this.journal)) {
      throw new Error(`${file}: the export must not overwrite the dataset or its labels`);
    }
    const labels = this.allLabels();
    const inputs = [...this.byHash.values()].map((pair) => {
      const human = labels.filter((l) => l.pair === pair.hash).map((l) => choiceFor(l, pair.first));
      const view = this.judge?.get(pair.hash);
      return { pair, human, ...(view ? { judge: judgeOutcomeFor(view, pair.firstHash) } : {}) };
    });
    const { records, counts } = exportPreferences(inputs, options);
    writeJsonlAtomic(file, records);
    return counts;
  }

  panelPairs(): PanelPair[] {
    return this.pairs.map((pair) => {
      const record = safeParse(this.lines[pair.line - 1]);
      const fields = Object.entries(record ?? {}).filter(([key]) => !PAIR_FIELDS.has(key))
        .map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value, null, 1)]);
      const view = this.judge?.get(pair.hash);
      return {
        hash: pair.hash, line: pair.line, prompt: pair.values.prompt, first: pair.values.first, second: pair.values.second,
        shown: shownOrder(this.seed, pair.hash), fields, raw: this.lines[pair.line - 1] ?? '',
        ...(view ? { judge: judgeShown(view, pair) } : {}),
      };
    });
  }
}

function judgeShown(view: JudgeView, pair: ReviewPair): NonNullable<PanelPair['judge']> {
  const swapped = view.firstHash !== pair.firstHash;
  const orient = (w: 'first' | 'second' | 'tie') => (!swapped || w === 'tie' ? w : w === 'first' ? 'second' : 'first');
  // Orders turned to the pair's terms too: `ab` is the pair's first response shown to the judge as A.
  const orders: JudgeOrderShown[] = [view.ab, view.ba].filter((o) => o !== null).map((o) => ({
    order: swapped ? (o!.order === 'ab' ? 'ba' : 'ab') : o!.order, winner: o!.verdict ? orient(verdictWinner(o!.verdict, o!.order)) : null, rationale: o!.rationale,
  }));
  return { outcome: judgeOutcomeFor(view, pair.firstHash), orders, ...(view.model ? { model: view.model } : {}) };
}

function safeParse(line: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = line ? JSON.parse(line) : undefined;
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
