import { iterateLines } from './lines';

/** A JSONL file's objects with their 1-based lines; a bad line is an error at FILE:LINE:1. */
export function jsonObjects<T>(text: string, file: string): { value: T; line: number }[] {
  const out: { value: T; line: number }[] = [];
  for (const line of iterateLines(text)) {
    if (!line.text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      throw new Error(`${file}:${line.index + 1}:1: invalid JSON: ${(error as Error).message}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file}:${line.index + 1}:1: not a JSON object`);
    out.push({ value: value as T, line: line.index + 1 });
  }
  return out;
}
