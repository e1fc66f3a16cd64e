/** Write to a temporary file beside the target, then rename: readers never see half a file. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}
