/**
 * The text fields the diagnostics check in a record of a given kind, each with its JSON path (to locate it in
 * the line) and whether it is expected to be Arabic (ALW012). Expected Arabic: what the model learns to write
 * or is asked in Arabic — pre-training `text`, `instruction` and `output`, assistant turns (chat `assistant`,
 * ShareGPT `gpt`/`assistant`), preference `chosen`, the first (best) ranked response, evaluation
 * `question`/`query`. Not expected: user and system turns, `input`, prompts, answer options and labels (often
 * code, English or a letter), and rejected or lower-ranked responses (an English rejected answer is a
 * deliberate lesson: answer in Arabic).
 */
import { kindSpec, type DatasetKind } from './datasetKinds';

export type JsonPath = Array<string | number>;

export interface RecordField {
  path: JsonPath;
  text: string;
  /** "Turn 3" for a conversation turn, "Response 2" for a ranked response, '' for a top-level field (a message prefix). */
  turn: string;
  expectArabic: boolean;
}

interface TurnShape {
  roleKey: string;
  textKey: string;
  /** Roles whose text is expected to be Arabic. */
  arabicRoles: ReadonlySet<string>;
}

const CHAT_TURN: TurnShape = { roleKey: 'role', textKey: 'content', arabicRoles: new Set(['assistant']) };
const SHAREGPT_TURN: TurnShape = { roleKey: 'from', textKey: 'value', arabicRoles: new Set(['gpt', 'assistant']) };
const NO_ROLE: ReadonlySet<string> = new Set();

const EXPECTED_ARABIC: Readonly<Record<DatasetKind, readonly string[]>> = {
  pretrain: ['text'], instruction: ['instruction', 'output'], chat: [], sharegpt: [],
  preference: ['chosen'], ranked: [], mcq: ['question'], yesno: ['question'], open: ['query'],
};

/** Top-level fields holding text or turns: the kind's required fields, and an instruction's `input`. */
function fieldNames(kind: DatasetKind): readonly string[] {
  return kind === 'instruction' ? ['instruction', 'input', 'output'] : kindSpec(kind).required;
}

function turnShape(kind: DatasetKind, field: string): TurnShape | undefined {
  if (kind === 'chat' && field === 'messages') return CHAT_TURN;
  if (kind === 'sharegpt' && field === 'conversations') return SHAREGPT_TURN;
  if (kind === 'preference' || kind === 'ranked') return field === 'chosen' ? CHAT_TURN : { ...CHAT_TURN, arabicRoles: NO_ROLE };
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The string fields (and string turn texts) of a record, in document order of the kind's fields. */
export function recordFields(kind: DatasetKind, record: unknown): RecordField[] {
  if (!isPlainObject(record)) return [];
  const fields: RecordField[] = [];
  for (const name of fieldNames(kind)) {
    const value = record[name];
    const shape = turnShape(kind, name);
    if (typeof value === 'string') {
      fields.push({ path: [name], text: value, turn: '', expectArabic: EXPECTED_ARABIC[kind].includes(name) });
    } else if (kind === 'ranked' && name === 'responses' && Array.isArray(value)) {
      value.forEach((response, i) => {
        if (typeof response === 'string') fields.push({ path: [name, i], text: response, turn: `Response ${i + 1}`, expectArabic: i === 0 });
      });
    } else if (shape && Array.isArray(value)) {
      value.forEach((turn, i) => {
        if (!isPlainObject(turn) || typeof turn[shape.textKey] !== 'string') return;
        fields.push({
          path: [name, i, shape.textKey], text: turn[shape.textKey] as string, turn: `Turn ${i + 1}`,
          expectArabic: shape.arabicRoles.has(String(turn[shape.roleKey])),
        });
      });
    }
  }
  return fields;
}

/** The record's text as one string (fields joined by blank lines), for hover statistics and token counts. */
export function recordFieldText(fields: readonly RecordField[]): string {
  return fields.map((f) => f.text).join('\n\n');
}
