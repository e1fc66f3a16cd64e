/**
 * Where the value at a JSON path lies in a line that JSON.parse accepts, found by skipping through the text
 * without building a tree: the same range as jsonc-parser's findNodeAtLocation (first property of a name, the
 * value's offset and length), at a fraction of the cost. Undefined when the path is not in the line.
 */
import type { JsonPath } from '../datasets/recordFields';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** `i` at an opening quote; the offset just after the closing one. */
function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return text.length;
}

/** `i` at the start of a value; the offset just after it. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = skipString(text, i) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x7d || c === 0x5d || isBlank(c)) break;
    i++;
  }
  return i;
}

/** `i` after a value inside a container: at the next element (after a comma), or at the closing bracket. */
function nextElement(text: string, i: number): number {
  i = skipBlanks(text, i);
  return text.charCodeAt(i) === 0x2c ? skipBlanks(text, i + 1) : i;
}

export function jsonValueRange(line: string, path: JsonPath): [number, number] | undefined {
  let i = skipBlanks(line, line.charCodeAt(0) === 0xfeff ? 1 : 0);
  for (const segment of path) {
    const open = line.charCodeAt(i);
    i = skipBlanks(line, i + 1);
    if (typeof segment === 'number') {
      if (open !== 0x5b || segment < 0) return undefined;
      for (let n = 0; n < segment; n++) {
        if (line.charCodeAt(i) === 0x5d) return undefined;
        i = nextElement(line, skipValue(line, i));
      }
      if (line.charCodeAt(i) === 0x5d) return undefined;
      continue;
    }
    if (open !== 0x7b) return undefined;
    for (;;) {
      if (line.charCodeAt(i) !== QUOTE) return undefined; // the closing brace: no such property
      const keyEnd = skipString(line, i);
      const raw = line.slice(i + 1, keyEnd - 1);
      const name = raw.includes('\\') ? (JSON.parse(line.slice(i, keyEnd)) as string) : raw;
      i = skipBlanks(line, skipBlanks(line, keyEnd) + 1); // past the colon
      if (name === segment) break;
      i = nextElement(line, skipValue(line, i));
    }
  }
  return [i, skipValue(line, i)];
}
