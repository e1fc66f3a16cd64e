/** Preference pairs (prompt/chosen/rejected) from dataset records, as plain text — text or chat form. */
import type { PreferencePair } from '../../protocol';

/** A field as text: a string as is, a chat message list as its turns' text (assistant turns for responses). */
export function preferenceFieldText(value: unknown, response: boolean): string {
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

/** The record's pair, or undefined when it is not a preference record with both responses non-empty. */
export function preferencePairOf(record: unknown): PreferencePair | undefined {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const r = record as Record<string, unknown>;
  if (!('chosen' in r) || !('rejected' in r)) return undefined;
  const pair = {
    prompt: preferenceFieldText(r.prompt, false),
    chosen: preferenceFieldText(r.chosen, true),
    rejected: preferenceFieldText(r.rejected, true),
  };
  return pair.chosen.trim() && pair.rejected.trim() ? pair : undefined;
}
