/**
 * File paths from the `file:` URIs the editor sends. `fileURLToPath` decodes percent-encoding (a folder
 * named `مشروع تجريبي` arrives as `%D9%85…%20…`), which `new URL(uri).pathname` keeps.
 */
import { fileURLToPath } from 'node:url';

export interface FileUriOptions {
  /** Convert to a Windows path (`C:\…`); the default follows the platform the engine runs on. */
  windows?: boolean;
}

/** The file path of a `file:` URI, or the argument itself when it is already a path. */
export function filePathOf(uriOrPath: string, options: FileUriOptions = {}): string {
  if (!isFileUri(uriOrPath)) return uriOrPath;
  return options.windows === undefined ? fileURLToPath(uriOrPath) : fileURLToPath(uriOrPath, { windows: options.windows });
}

export function isFileUri(value: string): boolean {
  return /^file:/i.test(value);
}
