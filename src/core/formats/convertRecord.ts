/**
 * Converts a record between the instruction, chat (`messages`) and ShareGPT (`conversations`) forms. Chat is
 * the hub: every conversion goes through it, so each form needs one reader and one writer.
 */
import { kindOfRecord } from '../datasets/datasetKinds';

export const CONVERSION_TARGETS = ['chat', 'instruction', 'sharegpt'] as const;
export type ConversionTarget = (typeof CONVERSION_TARGETS)[number];

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export class ConversionError extends Error {}

const FROM_SHAREGPT: Record<string, ChatTurn['role']> = { system: 'system', human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant' };
const TO_SHAREGPT: Record<ChatTurn['role'], string> = { system: 'system', user: 'human', assistant: 'gpt' };

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ConversionError(`"${field}" must be a string`);
  return value;
}

function turns(list: unknown, roleKey: string, contentKey: string, roles: Record<string, ChatTurn['role']>, field: string): ChatTurn[] {
  if (!Array.isArray(list)) throw new ConversionError(`"${field}" must be a list of turns`);
  return list.map((turn, i) => {
    const role = roles[String((turn as Record<string, unknown>)?.[roleKey])];
    if (!role) throw new ConversionError(`${field}[${i}].${roleKey} ${JSON.stringify((turn as Record<string, unknown>)?.[roleKey])} has no chat equivalent`);
    return { role, content: text((turn as Record<string, unknown>)[contentKey], `${field}[${i}].${contentKey}`) };
  });
}

/** The record as chat turns; instruction `input` joins the instruction after a blank line. */
export function toChatTurns(record: Record<string, unknown>): ChatTurn[] {
  const kind = kindOfRecord(record);
  if (kind === 'chat') return turns(record.messages, 'role', 'content', { system: 'system', user: 'user', assistant: 'assistant' }, 'messages');
  if (kind === 'sharegpt') return turns(record.conversations, 'from', 'value', FROM_SHAREGPT, 'conversations');
  if (kind === 'instruction') {
    const input = record.input === undefined || record.input === '' ? '' : `\n\n${text(record.input, 'input')}`;
    const system = typeof record.system === 'string' && record.system ? [{ role: 'system' as const, content: record.system }] : [];
    return [...system, { role: 'user', content: text(record.instruction, 'instruction') + input }, { role: 'assistant', content: text(record.output, 'output') }];
  }
  throw new ConversionError(`a ${kind ?? 'record of unknown kind'} cannot be converted (only instruction, chat and ShareGPT records)`);
}

/** Fields other than the conversation itself (id, source, …) are kept as they are. */
function extraFields(record: Record<string, unknown>): Record<string, unknown> {
  const { messages, conversations, instruction, input, output, system, ...rest } = record;
  return rest;
}

export function convertRecord(record: Record<string, unknown>, target: ConversionTarget): Record<string, unknown> {
  const chat = toChatTurns(record);
  const rest = extraFields(record);
  if (target === 'chat') return { messages: chat, ...rest };
  if (target === 'sharegpt') return { conversations: chat.map((t) => ({ from: TO_SHAREGPT[t.role], value: t.content })), ...rest };
  const system = chat.filter((t) => t.role === 'system');
  const dialogue = chat.filter((t) => t.role !== 'system');
  if (dialogue.length !== 2 || dialogue[0].role !== 'user' || dialogue[1].role !== 'assistant' || system.length > 1) {
    throw new ConversionError(`only a single user → assistant exchange becomes an instruction record (this one has ${dialogue.length} turns)`);
  }
  return { ...(system.length ? { system: system[0].content } : {}), instruction: dialogue[0].content, input: '', output: dialogue[1].content, ...rest };
}
