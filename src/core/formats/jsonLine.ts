/**
 * Parses one JSONL line strictly (JSON.parse semantics) and, when it parses, builds a position tree so
 * problems can point at the exact key or value.
 */
import { parse, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

export type { JsonNode };

export type ParsedLine =
  | { ok: true; value: unknown; tree: JsonNode }
  | { ok: false; message: string; column: number };

const BOM = '\uFEFF';

export function parseJsonLine(text: string): ParsedLine {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const shift = text.length - body.length;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    return { ok: false, message: cleanMessage(raw), column: shift + errorColumn(raw, body) };
  }
  try {
    const tree = parseTree(body);
    if (!tree) return { ok: false, message: 'Not a JSON value', column: shift };
    if (shift) shiftTree(tree, shift);
    return { ok: true, value, tree };
  } catch (error) {
    // The position tree is built by recursion: thousands of nested levels overflow the stack.
    if (error instanceof RangeError) return { ok: false, message: TOO_DEEP, column: shift };
    throw error;
  }
}

export const TOO_DEEP = 'The record is nested too deeply (thousands of levels) to be read';

/** V8 messages differ across Node versions; keep the words, drop the positions we report ourselves. */
function cleanMessage(raw: string): string {
  return raw
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/^Unexpected end of JSON input$/, 'Unexpected end of line: the JSON record is not closed');
}

/** Where JSON.parse failed: V8's "position N" when it gives one, else the first error jsonc-parser finds. */
function errorColumn(raw: string, body: string): number {
  const match = /position (\d+)/.exec(raw);
  if (match) return Math.min(Number(match[1]), body.length);
  const errors: ParseError[] = [];
  try {
    parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error; // nested too deeply for its recursion: the errors found so far
  }
  return errors.length ? Math.min(errors[0].offset, body.length) : body.trimEnd().length;
}

function shiftTree(node: JsonNode, by: number): void {
  (node as { offset: number }).offset += by;
  for (const child of node.children ?? []) shiftTree(child, by);
}

/** The property node (key + value) named `key` of an object node, if any. */
export function propertyNode(object: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!object || object.type !== 'object') return undefined;
  return object.children?.find((p) => p.children?.[0]?.value === key);
}

export function valueNode(object: JsonNode | undefined, key: string): JsonNode | undefined {
  return propertyNode(object, key)?.children?.[1];
}
