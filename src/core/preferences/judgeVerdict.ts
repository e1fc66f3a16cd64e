/**
 * Reading a judge's reply: a short rationale, then the verdict alone on the last line — `[[A]]`, `[[B]]` or
 * `[[C]]` (tie) for a pairwise rubric, `[[rating]]` (1–10) for single-answer grading (MT-Bench's convention).
 * A reply whose last line is not exactly one verdict is unparsed: it is never guessed from the text above.
 */

export type PairwiseVerdict = 'A' | 'B' | 'C';

export interface ParsedReply<T> {
  /** undefined when the reply does not end with a verdict line. */
  verdict: T | undefined;
  /** The reply without its verdict line, trimmed. */
  rationale: string;
}

// The last line may wrap the verdict in markdown emphasis or follow a label ("Verdict:", "الحكم:"), nothing else.
const VERDICT_LINE = /^(?:[^\[\]:]{0,40}:\s*)?[*_`]*\s*\[\[\s*([^\[\]]{1,8}?)\s*\]\]\s*[*_`]*\s*[.。]?$/u;

function lastLine(reply: string): { line: string; before: string } {
  const lines = reply.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  const line = (lines.pop() ?? '').trim();
  return { line, before: lines.join('\n').trim() };
}

function parseReply<T>(reply: string, read: (token: string) => T | undefined): ParsedReply<T> {
  const { line, before } = lastLine(reply);
  const match = VERDICT_LINE.exec(line);
  const verdict = match ? read(match[1]) : undefined;
  return verdict === undefined ? { verdict, rationale: reply.trim() } : { verdict, rationale: before };
}

export function parsePairwiseVerdict(reply: string): ParsedReply<PairwiseVerdict> {
  return parseReply(reply, (token) => (/^[ABC]$/.test(token) ? (token as PairwiseVerdict) : undefined));
}

/** A whole-number rating from 1 to 10 (`[[7]]`); anything else (`[[11]]`, `[[7.5]]`, `[[seven]]`) is unparsed. */
export function parseRating(reply: string): ParsedReply<number> {
  return parseReply(reply, (token) => (/^(?:[1-9]|10)$/.test(token) ? Number(token) : undefined));
}
