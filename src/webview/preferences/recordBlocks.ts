/**
 * Record fields as readable blocks: a labelled block per field in its own direction (dir="auto"), chat turns
 * as user / assistant / system bubbles, long text wrapped. Text only ever goes in with textContent.
 */
export interface BlockStrings {
  user: string;
  assistant: string;
  system: string;
  empty: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).filter(Boolean).join('\n');
  }
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

const ROLES = new Set(['user', 'assistant', 'system']);

/** A field's value: text as one block, a list of chat turns as bubbles, anything else as JSON. */
export function valueNode(value: unknown, strings: BlockStrings): HTMLElement {
  if (Array.isArray(value) && value.every((t) => t && typeof t === 'object' && 'role' in t)) {
    const turns = element('div', 'turns');
    for (const turn of value as Array<{ role?: unknown; content?: unknown }>) {
      const role = typeof turn.role === 'string' ? turn.role : '';
      const bubble = element('div', `bubble ${ROLES.has(role) ? role : 'other'}`);
      bubble.appendChild(element('span', 'role', ROLES.has(role) ? strings[role as 'user'] : role));
      const text = element('div', 'text', contentText(turn.content) || strings.empty);
      text.dir = 'auto';
      bubble.appendChild(text);
      turns.appendChild(bubble);
    }
    return turns;
  }
  const text = element('div', 'text', typeof value === 'string' ? value || strings.empty : JSON.stringify(value, null, 1));
  text.dir = 'auto';
  return text;
}

/** A labelled block: the field's name, then its value. */
export function fieldBlock(label: string, value: unknown, strings: BlockStrings): HTMLElement {
  const block = element('section', 'field');
  // The name is a UI label (or a record key): it follows the panel's direction; the value has its own.
  const name = element('h3', 'field-name', label);
  block.append(name, valueNode(value, strings));
  return block;
}

export function clear(node: HTMLElement): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export { element };
