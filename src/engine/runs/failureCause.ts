/** Puts a trainer crash into words from its stderr, for runs that died without an `error` event. */
import type { ErrorCause } from '../../protocol';

const PATTERNS: Array<[RegExp, ErrorCause, string]> = [
  [/out of memory|OutOfMemoryError|Cannot allocate memory|Killed/i, 'out_of_memory', 'The trainer ran out of memory'],
  [/No module named ['"]?(alw_trainer|torch|transformers|trl)/, 'missing_dependency',
    'The Python environment lacks the trainer or its libraries: run "Arabic LLM: Set Up Python Environment"'],
  [/FileNotFoundError|No such file or directory/, 'missing_file', 'A file the run needs was not found'],
];

export function explainCrash(stderrTail: string, exitCode: number | null): { message: string; cause: ErrorCause } {
  for (const [pattern, cause, words] of PATTERNS) {
    if (pattern.test(stderrTail)) return { cause, message: `${words}.\n${lastLine(stderrTail)}` };
  }
  const how = exitCode === null ? 'was stopped' : `exited with code ${exitCode}`;
  return { cause: 'unknown', message: `The trainer ${how} without reporting an error.\n${lastLine(stderrTail)}`.trim() };
}

function lastLine(text: string): string {
  return text.trim().split('\n').slice(-1)[0] ?? '';
}
