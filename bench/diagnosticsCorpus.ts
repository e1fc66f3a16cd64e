/** The generated dataset of benches (e): the sample chat records, each made unique with a generated Arabic word. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** `records` lines; every 1000th is cut short (a JSON syntax error). Run from bench/.out (the bundles' folder). */
export function diagnosticsCorpus(records: number): string[] {
  const samples = readFileSync(path.join(__dirname, '../../samples/sft.jsonl'), 'utf8').split('\n')
    .filter((l) => l.startsWith('{"messages"') && l.endsWith('}]}'));
  const letters = 'بتثجحخدذرزسشصضطظعغفقلمن';
  const word = (i: number) => { let w = ''; do { w += letters[i % letters.length]; i = Math.floor(i / letters.length); } while (i > 0); return w; };
  return Array.from({ length: records }, (_, i) => {
    const line = samples[i % samples.length].replace('"content": "', `"content": "${word(i)} `);
    return i % 1000 === 999 ? line.slice(0, -2) : line;
  });
}
