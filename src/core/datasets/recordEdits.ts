/**
 * Edits that rewrite the string values of one JSONL record where they stand: keys, spacing, numbers and the
 * strings that do not change keep their characters (unlike re-serializing the record), so a quick fix shows
 * as a small change.
 */
import type { JsonNode } from '../formats/jsonLine';
import { parseJsonLine } from '../formats/jsonLine';

export interface LineEdit {
  startCol: number;
  endCol: number;
  newText: string;
}

/**
 * An edit for every string value whose `map` differs, optionally only for values overlapping the columns
 * [from, to). A line that is not valid JSON gets none.
 */
export function stringValueEdits(line: string, map: (value: string) => string, columns?: [number, number]): LineEdit[] {
  const parsed = parseJsonLine(line);
  if (!parsed.ok) return [];
  const edits: LineEdit[] = [];
  const visit = (node: JsonNode | undefined) => {
    if (!node) return;
    if (node.type === 'object') for (const property of node.children ?? []) visit(property.children?.[1]);
    else if (node.type === 'array') for (const item of node.children ?? []) visit(item);
    else if (node.type === 'string') {
      const end = node.offset + node.length;
      if (columns && (end <= columns[0] || node.offset >= columns[1])) return;
      const value = String(node.value);
      const mapped = map(value);
      if (mapped !== value) edits.push({ startCol: node.offset, endCol: end, newText: JSON.stringify(mapped) });
    }
  };
  visit(parsed.tree);
  return edits;
}
