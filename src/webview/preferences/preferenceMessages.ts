/** Messages between the preference review panel's host and its webview; every message is switched on `type`. */
import type { AgreementReport } from '../../core/preferences/agreementReport';
import type { JudgeOrder, PairOutcome } from '../../core/preferences/judgeOrder';
import { LABEL_FLAGS, type LabelChoice, type LabelFlag } from '../../core/preferences/labelsJournal';

export const PREFERENCE_STRING_KEYS = [
  'review', 'agreement', 'prompt', 'responseA', 'responseB', 'chooseA', 'chooseB', 'tie', 'bothBad', 'next', 'previous',
  'undo', 'note', 'flags', 'cultural', 'factual', 'safety', 'language', 'dialect', 'blind', 'showUpFront', 'progress',
  'filter', 'all', 'unlabelled', 'disagreements', 'flagged', 'sort', 'fileOrder', 'disagreementsFirst', 'lowMargin',
  'score', 'noModel', 'judge', 'noJudge', 'pickReport', 'orderAB', 'orderBA', 'verdictFirst',
  'verdictTie', 'verdictNone', 'outcome', 'inconsistent', 'unparsed', 'notJudged', 'yourChoice', 'hiddenUntilChosen',
  'raw', 'fields', 'help', 'empty', 'export', 'keepTies', 'keepBothBad', 'rater', 'pairs',
  'accuracy', 'kappa', 'positionConsistency', 'margins', 'computeAgreement', 'annotator', 'user', 'assistant', 'system',
  'journal', 'noPairs',
] as const;
export type PreferencePanelStrings = Record<(typeof PREFERENCE_STRING_KEYS)[number], string>;

export interface JudgeOrderShown {
  order: JudgeOrder;
  /** In the pair's own terms. */
  winner: 'first' | 'second' | 'tie' | null;
  rationale: string;
}

/** One pair as the panel shows it. Texts are only ever set with textContent. */
export interface PanelPair {
  hash: string;
  /** 1-based line of the record. */
  line: number;
  /** The record's values: a string, or chat turns. */
  prompt: unknown;
  first: unknown;
  second: unknown;
  /** Which response is shown as A (the blind shuffle). */
  shown: JudgeOrder;
  /** The record's other fields, as text. */
  fields: Array<[string, string]>;
  raw: string;
  judge?: { outcome: PairOutcome | 'not-judged'; orders: JudgeOrderShown[]; model?: string };
}

/** The annotator's own label of a pair, in the pair's terms. */
export interface PanelLabel {
  choice: LabelChoice;
  note: string;
  flags: LabelFlag[];
}

export type ToPreferencePanel =
  | { type: 'init'; strings: PreferencePanelStrings; name: string; annotator: string; journal: string; pairs: PanelPair[];
      labels: Record<string, PanelLabel>; judgeReport: string | null; modelDir: string | null; problems: string[]; index?: number }
  | { type: 'labels'; labels: Record<string, PanelLabel>; hash?: string }
  | { type: 'scores'; scores: Record<string, [number, number]> }
  | { type: 'agreement'; report: AgreementReport }
  | { type: 'judge'; judgeReport: string; pairs: PanelPair[] }
  | { type: 'error'; message: string };

export type FromPreferencePanel =
  | { type: 'ready' }
  | { type: 'label'; hash: string; slot: 'A' | 'B' | 'tie' | 'both-bad'; note: string; flags: LabelFlag[]; blind: boolean }
  | { type: 'undo' }
  | { type: 'score'; hashes: string[] }
  | { type: 'agreement' }
  | { type: 'export'; keepTies: boolean; keepBothBad: boolean }
  | { type: 'pickReport' }
  | { type: 'openSource'; line: number };

export interface PreferencePanelState {
  uri: string;
  index: number;
  blind: boolean;
  tab: 'review' | 'agreement';
  filter: string;
  sort: string;
  raw: boolean;
}

const SLOTS = new Set(['A', 'B', 'tie', 'both-bad']);
export const MAX_NOTE = 10_000;

/** The webview's message, checked field by field against the pairs the panel holds; throws saying what is wrong. */
export function checkPreferenceMessage(value: unknown, hashes: ReadonlySet<string>, lines: number): FromPreferencePanel {
  const m = value as Record<string, unknown>;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string') throw new Error('a message without a type');
  const hash = (v: unknown) => {
    if (typeof v !== 'string' || !hashes.has(v)) throw new Error(`${m.type}: ${JSON.stringify(v)} is not a pair of this file`);
    return v;
  };
  switch (m.type) {
    case 'ready': case 'undo': case 'agreement': case 'pickReport': return { type: m.type };
    case 'label': {
      if (!SLOTS.has(m.slot as string)) throw new Error(`label: the choice must be one of A, B, tie, both-bad (got ${JSON.stringify(m.slot)})`);
      if (typeof m.note !== 'string' || m.note.length > MAX_NOTE) throw new Error('label: the note must be text of at most 10000 characters');
      if (!Array.isArray(m.flags) || m.flags.some((f) => !LABEL_FLAGS.includes(f))) throw new Error(`label: flags must be a list of ${LABEL_FLAGS.join(', ')}`);
      if (typeof m.blind !== 'boolean') throw new Error('label: blind must be true or false');
      return { type: 'label', hash: hash(m.hash), slot: m.slot as 'A', note: m.note, flags: [...new Set(m.flags as LabelFlag[])], blind: m.blind };
    }
    case 'score':
      if (!Array.isArray(m.hashes) || m.hashes.length > hashes.size) throw new Error('score: hashes must be a list of pairs');
      return { type: 'score', hashes: m.hashes.map(hash) };
    case 'export':
      if (typeof m.keepTies !== 'boolean' || typeof m.keepBothBad !== 'boolean') throw new Error('export: keepTies and keepBothBad must be true or false');
      return { type: 'export', keepTies: m.keepTies, keepBothBad: m.keepBothBad };
    case 'openSource':
      if (!Number.isInteger(m.line) || (m.line as number) < 1 || (m.line as number) > lines) throw new Error(`openSource: there is no line ${JSON.stringify(m.line)}`);
      return { type: 'openSource', line: m.line as number };
    default: throw new Error(`an unknown message type ${JSON.stringify(m.type)}`);
  }
}
