/** Why a write failed, in words a user acts on: the disk is full, or writing there is not allowed. */
export function writeFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only (EROFS)';
  if (code === 'EACCES' || code === 'EPERM') return `not allowed to write there (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** True for an error of the file system (it carries an errno code), as opposed to one of ours. */
export function isFileSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** A file-system error while writing `target` says so and that nothing was written; other errors pass as they are. */
export function outputWriteError(error: unknown, target: string): unknown {
  if (!isFileSystemError(error)) return error;
  return new Error(`${target}: could not write, ${writeFailureReason(error)}; nothing was written, the inputs are as they were`);
}
