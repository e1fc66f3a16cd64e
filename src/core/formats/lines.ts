/** Splits text into lines, keeping each line's start offset. Handles LF and CRLF; a BOM stays in line 0. */
export interface Line {
  /** Zero-based line number. */
  index: number;
  /** Offset of the line's first character in the whole text. */
  start: number;
  /** The line without its end-of-line characters. */
  text: string;
}

export function* iterateLines(text: string): Generator<Line> {
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (!(end === text.length && start === end && index > 0)) {
      yield { index, start, text: text.slice(start, lineEnd) };
    }
    index++;
    start = end + 1;
  }
}

/** Zero-based position of an offset within a line: LSP-style (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export function rangeInLine(line: number, startCol: number, endCol: number): Range {
  return { start: { line, character: startCol }, end: { line, character: Math.max(startCol, endCol) } };
}
