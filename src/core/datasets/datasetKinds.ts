/** Dataset kinds, the fields each needs, and detection of a file's kind from its records. */

export type DatasetKind =
  | 'pretrain'
  | 'instruction'
  | 'chat'
  | 'sharegpt'
  | 'preference'
  | 'ranked'
  | 'mcq'
  | 'yesno'
  | 'open';

export interface KindSpec {
  kind: DatasetKind;
  label: string;
  /** Fields every record must have. */
  required: string[];
  /** Keys whose presence identifies the kind (all must be present). */
  signature: string[];
}

export const KIND_SPECS: readonly KindSpec[] = [
  { kind: 'preference', label: 'preference pairs', required: ['prompt', 'chosen', 'rejected'], signature: ['chosen'] },
  // Several responses to one prompt, best first, or with `scores` (higher is better) in the same order.
  { kind: 'ranked', label: 'ranked responses', required: ['prompt', 'responses'], signature: ['prompt', 'responses'] },
  { kind: 'chat', label: 'chat (messages)', required: ['messages'], signature: ['messages'] },
  { kind: 'sharegpt', label: 'ShareGPT conversations', required: ['conversations'], signature: ['conversations'] },
  { kind: 'instruction', label: 'instruction', required: ['instruction', 'output'], signature: ['instruction'] },
  { kind: 'mcq', label: 'multiple-choice evaluation', required: ['question', 'A', 'B', 'C', 'D', 'answer'], signature: ['question', 'A'] },
  { kind: 'yesno', label: 'yes/no evaluation', required: ['question', 'answer'], signature: ['question', 'answer'] },
  { kind: 'open', label: 'open questions', required: ['query'], signature: ['query'] },
  { kind: 'pretrain', label: 'pre-training text', required: ['text'], signature: ['text'] },
];

export function kindSpec(kind: DatasetKind): KindSpec {
  const spec = KIND_SPECS.find((s) => s.kind === kind);
  if (!spec) throw new Error(`Unknown dataset kind: ${kind}`);
  return spec;
}

export function isDatasetKind(value: string): value is DatasetKind {
  return KIND_SPECS.some((s) => s.kind === value);
}

/** The kind whose signature a record matches first, in the order of KIND_SPECS. */
export function kindOfRecord(record: unknown): DatasetKind | undefined {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const keys = record as Record<string, unknown>;
  return KIND_SPECS.find((s) => s.signature.every((k) => k in keys))?.kind;
}

/** Majority kind over the records seen; undefined when no record matches any kind. */
export function detectKind(records: Iterable<unknown>, sample = 200): DatasetKind | undefined {
  const votes = new Map<DatasetKind, number>();
  let seen = 0;
  for (const record of records) {
    const kind = kindOfRecord(record);
    if (kind) votes.set(kind, (votes.get(kind) ?? 0) + 1);
    if (++seen >= sample) break;
  }
  let best: DatasetKind | undefined;
  for (const [kind, count] of votes) if (!best || count > (votes.get(best) ?? 0)) best = kind;
  return best;
}
