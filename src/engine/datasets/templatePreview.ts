/**
 * The chat-template preview of one record: the record as chat messages, rendered through the tokenizer's chat
 * template (@huggingface/jinja, as the reward scorer does), tokenized, each token marked trained when it falls
 * in an assistant turn — the template's {% generation %} blocks (what TRL's assistant-only loss trains), or,
 * for templates without them, the assistant messages' text. Pre-training text has no template: all of it trains.
 */
import { Template } from '@huggingface/jinja';
import type { TemplatePreviewResult, TemplatePreviewToken } from '../../protocol';
import type { DatasetKind } from '../../core/datasets/datasetKinds';
import { preferenceFieldText } from '../../core/preferences/preferencePair';
import type { DatasetIndex } from './datasetIndex';
import { parsedRecord } from './datasetRows';
import type { LoadedTokenizer } from './datasetStatsTokenizer';

export interface ChatMessage {
  role: string;
  content: string;
}

/** Token offsets are found by decoding growing prefixes (quadratic), so long records are cut here. */
export const MAX_PREVIEW_TOKENS = 2048;
const START = '\uE000';
const END = '\uE001';
const SHAREGPT_ROLES: Record<string, string> = { human: 'user', gpt: 'assistant', system: 'system', user: 'user', assistant: 'assistant' };

/** The record as chat messages for its kind; undefined for pre-training text (no template). */
export function recordMessages(kind: DatasetKind | undefined, record: Record<string, unknown>): ChatMessage[] | undefined {
  const text = (value: unknown) => preferenceFieldText(value, false);
  const turns = (list: unknown, roleKey: string, textKey: string, roles?: Record<string, string>) =>
    (Array.isArray(list) ? list : []).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object')
      .map((t) => ({ role: roles?.[String(t[roleKey])] ?? String(t[roleKey]), content: text(t[textKey]) }));
  const exchange = (user: string, assistant: string) => [{ role: 'user', content: user }, { role: 'assistant', content: assistant }];
  switch (kind) {
    case 'chat': return turns(record.messages, 'role', 'content');
    case 'sharegpt': return turns(record.conversations, 'from', 'value', SHAREGPT_ROLES);
    case 'instruction': return exchange([text(record.instruction), text(record.input)].filter(Boolean).join('\n\n'), text(record.output));
    case 'preference': {
      const prompt = Array.isArray(record.prompt) ? turns(record.prompt, 'role', 'content') : [{ role: 'user', content: text(record.prompt) }];
      const chosen = Array.isArray(record.chosen) ? turns(record.chosen, 'role', 'content') : [{ role: 'assistant', content: text(record.chosen) }];
      return [...prompt, ...chosen];
    }
    case 'mcq': return exchange(['question', 'A', 'B', 'C', 'D'].map((k) => (k === 'question' ? '' : `${k}. `) + text(record[k])).join('\n'), text(record.answer));
    case 'yesno': return exchange(text(record.question), text(record.answer));
    case 'open': return exchange(text(record.query), text(record.answer ?? record.response ?? ''));
    default: return undefined;
  }
}

export async function templatePreview(index: DatasetIndex, line: number, tokenizer: LoadedTokenizer): Promise<TemplatePreviewResult> {
  const [row] = await index.read(line, 1);
  if (!row) throw new Error(`${index.sourceFile} has no ${index.source ? 'record' : 'line'} ${line + 1}`);
  const record = parsedRecord(row.text);
  if (!record || typeof record !== 'object' || Array.isArray(record)) {
    throw new Error(`${index.where(line)}: not a JSON object record, nothing to preview`);
  }
  const messages = recordMessages(index.kind, record as Record<string, unknown>);
  const { rendered, spans } = messages ? renderChat(messages, tokenizer) : wholeText(record as Record<string, unknown>);
  return { tokenizer: tokenizer.source, rendered, tokens: markTokens(rendered, spans, tokenizer) };
}

/** Pre-training text: no template, every token trains. */
function wholeText(record: Record<string, unknown>): { rendered: string; spans: Array<[number, number]> } {
  const rendered = typeof record.text === 'string' ? record.text : JSON.stringify(record);
  return { rendered, spans: [[0, rendered.length]] };
}

function renderChat(messages: ChatMessage[], tokenizer: LoadedTokenizer): { rendered: string; spans: Array<[number, number]> } {
  if (!tokenizer.chatTemplate) throw new Error(`The tokenizer ${tokenizer.source} has no chat template (tokenizer_config.json chat_template or chat_template.jinja)`);
  const source = tokenizer.chatTemplate;
  const hasGeneration = /\{%-?\s*generation\s*-?%\}/.test(source);
  const marked = hasGeneration
    ? source.replace(/\{%-?\s*generation\s*-?%\}/g, (m) => `${m}{{ '${START}' }}`).replace(/\{%-?\s*endgeneration\s*-?%\}/g, (m) => `{{ '${END}' }}${m}`)
    : source;
  const output = new Template(marked).render({
    messages, bos_token: tokenizer.bosToken, eos_token: tokenizer.eosToken, add_generation_prompt: false,
  });
  return hasGeneration ? spansFromMarkers(output) : spansOfAssistantText(output, messages);
}

/** Strips the generation markers, returning the text and the [start, end) spans they enclosed. */
function spansFromMarkers(marked: string): { rendered: string; spans: Array<[number, number]> } {
  const spans: Array<[number, number]> = [];
  let rendered = '';
  let open = -1;
  for (const char of marked) {
    if (char === START) open = rendered.length;
    else if (char === END) {
      if (open >= 0) spans.push([open, rendered.length]);
      open = -1;
    } else rendered += char;
  }
  return { rendered, spans };
}

/** Each assistant message's text, found in order in the rendered text. */
function spansOfAssistantText(rendered: string, messages: ChatMessage[]): { rendered: string; spans: Array<[number, number]> } {
  const spans: Array<[number, number]> = [];
  let from = 0;
  for (const message of messages) {
    if (message.role !== 'assistant' || !message.content) continue;
    const at = rendered.indexOf(message.content, from);
    if (at < 0) continue;
    spans.push([at, at + message.content.length]);
    from = at + message.content.length;
  }
  return { rendered, spans };
}

function markTokens(rendered: string, spans: Array<[number, number]>, tokenizer: LoadedTokenizer): TemplatePreviewToken[] {
  const ids = tokenizer.tokenizer.encode(rendered, { add_special_tokens: false }).ids.slice(0, MAX_PREVIEW_TOKENS);
  const tokens: TemplatePreviewToken[] = [];
  let start = 0;
  for (let i = 0; i < ids.length; i++) {
    // A token ending inside a multi-byte character decodes to U+FFFD; its neighbour then takes the character.
    const decoded = tokenizer.tokenizer.decode(ids.slice(0, i + 1), { skip_special_tokens: false });
    const end = Math.min(rendered.length, Math.max(start, decoded.endsWith('\uFFFD') ? decoded.length - 1 : decoded.length));
    const at = end > start ? (start + end - 1) / 2 : start;
    const text = end > start ? rendered.slice(start, end) : tokenizer.tokenizer.decode([ids[i]], { skip_special_tokens: false });
    tokens.push({ id: ids[i], text, trained: spans.some(([s, e]) => at >= s && at < e) });
    start = end;
  }
  return tokens;
}
