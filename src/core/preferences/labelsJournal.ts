/**
 * The labels journal (`.alw/labels/<dataset>.labels.jsonl`): one JSON line per human label or retraction,
 * only ever appended. A label names its pair by `pairHash` and the response it calls `first` by its
 * `responseHash`, so it reads the same whichever order the pair has in the file. The latest record per
 * (pair, annotator) wins; a retraction (undo) leaves that annotator's pair unlabelled.
 */
import type { JudgeOrder } from './judgeOrder';
import { responseHash } from './pairHash';

export const LABEL_CHOICES = ['first', 'second', 'tie', 'both-bad'] as const;
export type LabelChoice = (typeof LABEL_CHOICES)[number];

export const LABEL_FLAGS = ['cultural', 'factual', 'safety', 'language', 'dialect'] as const;
export type LabelFlag = (typeof LABEL_FLAGS)[number];

export const LABELS_JOURNAL_VERSION = 1;

interface JournalEntryBase {
  v: typeof LABELS_JOURNAL_VERSION;
  pair: string;
  annotator: string;
  /** ISO time the record was written. */
  at: string;
}

export interface LabelRecord extends JournalEntryBase {
  choice: LabelChoice;
  /** responseHash of the response `choice` calls first. */
  first: string;
  /** Which response was shown as A: `ab` = first as A (the blind shuffle's draw). */
  shown: JudgeOrder;
  seed: string;
  /** Whether scores and the judge's verdict were hidden until the choice. */
  blind: boolean;
  note?: string;
  flags?: LabelFlag[];
  /** Where the pair was labelled, e.g. `prefs.jsonl:3` (for people; the pair hash is the key). */
  source?: string;
}

export interface RetractionRecord extends JournalEntryBase {
  retracted: true;
}

export type JournalEntry = LabelRecord | RetractionRecord;

export function isRetraction(entry: JournalEntry): entry is RetractionRecord {
  return (entry as RetractionRecord).retracted === true;
}

export interface JournalRead {
  entries: JournalEntry[];
  /** `FILE:LINE:COLUMN: problem` for lines that are not journal records (they are skipped). */
  problems: string[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX16 = /^[0-9a-f]{16}$/;

/** Checks one parsed line; returns the entry or a problem. */
export function checkJournalEntry(value: unknown): JournalEntry | string {
  const r = value as Record<string, unknown>;
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not a JSON object';
  if (r.v !== LABELS_JOURNAL_VERSION) return `unknown journal version ${JSON.stringify(r.v)} (expected ${LABELS_JOURNAL_VERSION})`;
  if (typeof r.pair !== 'string' || !HEX64.test(r.pair)) return '"pair" is not a pair hash (64 hex digits)';
  if (typeof r.annotator !== 'string' || !r.annotator.trim()) return '"annotator" is missing';
  if (typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at))) return '"at" is not a time';
  if (r.retracted === true) return { v: r.v, pair: r.pair, annotator: r.annotator, at: r.at, retracted: true };
  if (!LABEL_CHOICES.includes(r.choice as LabelChoice)) return `"choice" must be one of ${LABEL_CHOICES.join(', ')}`;
  if (typeof r.first !== 'string' || !HEX16.test(r.first)) return '"first" is not a response hash (16 hex digits)';
  if (r.shown !== 'ab' && r.shown !== 'ba') return '"shown" must be ab or ba';
  if (r.flags !== undefined && (!Array.isArray(r.flags) || r.flags.some((f) => !LABEL_FLAGS.includes(f)))) return `"flags" must be a list of ${LABEL_FLAGS.join(', ')}`;
  if (r.note !== undefined && typeof r.note !== 'string') return '"note" must be text';
  return r as unknown as LabelRecord;
}

/** Reads a journal's text. A last line cut short by a crash is reported like any bad line and skipped. */
export function readJournal(text: string, file: string): JournalRead {
  const entries: JournalEntry[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(`${file}:${index + 1}:1: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const entry = checkJournalEntry(value);
    if (typeof entry === 'string') problems.push(`${file}:${index + 1}:1: ${entry}`);
    else entries.push(entry);
  });
  return { entries, problems };
}

/** The current labels: per (pair, annotator) the latest entry by time (file order breaks ties), retractions dropped. */
export function mergeLabels(entries: readonly JournalEntry[]): LabelRecord[] {
  const latest = new Map<string, { entry: JournalEntry; time: number }>();
  for (const entry of entries) {
    const key = `${entry.pair}\u0000${entry.annotator}`;
    const time = Date.parse(entry.at);
    const held = latest.get(key);
    if (!held || time >= held.time) latest.set(key, { entry, time });
  }
  return [...latest.values()].map((l) => l.entry).filter((e): e is LabelRecord => !isRetraction(e));
}

/** The label's choice in terms of a pair whose first response is `firstText`. */
export function choiceFor(label: LabelRecord, firstText: string): LabelChoice {
  if (label.first === responseHash(firstText) || label.choice === 'tie' || label.choice === 'both-bad') return label.choice;
  return label.choice === 'first' ? 'second' : 'first';
}

/** One JSON line for the journal (no line break inside: JSON.stringify escapes them). */
export function journalLine(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}
