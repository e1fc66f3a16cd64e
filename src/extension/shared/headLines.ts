/** The first lines of a file without reading the rest: discovery looks at a few records, not whole datasets. */
import { createReadStream } from 'node:fs';
import * as vscode from 'vscode';

const HEAD_BYTES = 1 << 20;

/** Up to `count` lines from the start (an open editor's text wins), reading at most 1 MiB from disk. */
export async function headLines(uri: vscode.Uri, count: number): Promise<string[]> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText().split(/\r?\n/, count);
  if (uri.scheme !== 'file') {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new TextDecoder('utf-8').decode(bytes.subarray(0, HEAD_BYTES)).split(/\r?\n/, count);
  }
  const chunks: Buffer[] = [];
  let newlines = 0;
  let bytes = 0;
  // No start/end options: they need positional reads, and a FIFO or device must be read as a stream.
  for await (const chunk of createReadStream(uri.fsPath, { highWaterMark: 64 * 1024 })) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    bytes += buffer.length;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) newlines++;
    if (newlines >= count || bytes >= HEAD_BYTES) break;
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks)).split(/\r?\n/, count);
}
