/**
 * Streams a file as raw lines split on LF only, as Buffers without the LF (a CR before it stays in the line),
 * so callers can copy lines they do not change byte for byte, invalid UTF-8 included.
 */
import { createReadStream } from 'node:fs';

export async function* readLineBuffers(file: string): AsyncGenerator<Buffer> {
  let pending = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    let data = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      yield data.subarray(start, nl);
      start = nl + 1;
    }
    pending = Buffer.from(data.subarray(start));
    data = pending;
  }
  if (pending.length) yield pending;
}
