/** Plain words for a path that is not what a command needs, before anything is read or written. */
import { statSync, type Stats } from 'node:fs';

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Why `file` cannot be read as a file ("no such file", "is a directory"), or undefined when it can. */
export function notReadableFile(file: string): string | undefined {
  const stat = statOf(file);
  if (!stat) return `no such file: ${file}`;
  if (stat.isDirectory()) return `${file} is a directory, not a file`;
  return undefined;
}

/** Why `file` cannot be written as a file (an existing directory of that name), or undefined when it can. */
export function notWritableFile(file: string): string | undefined {
  return statOf(file)?.isDirectory() ? `${file} is a directory: name a file to write` : undefined;
}
