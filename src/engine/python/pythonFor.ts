/** Which Python runs the trainer: the configured one, else $ALW_PYTHON, else a `.venv` in the workspace or current folder, else `python3` on PATH. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { venvPython } from './pythonEnv';

export function pythonFor(configured: string | null | undefined, workspaceRoot: string | undefined): string {
  const chosen = configured || process.env.ALW_PYTHON;
  // A relative path means from the workspace (or the CLI's current folder); trainers run from their config's folder.
  if (chosen) return chosen.includes('/') || chosen.includes('\\') ? path.resolve(workspaceRoot ?? process.cwd(), chosen) : chosen;
  for (const root of [workspaceRoot, process.cwd()]) {
    if (!root) continue;
    const candidate = venvPython(path.join(root, '.venv'));
    if (existsSync(candidate)) return candidate;
  }
  return process.platform === 'win32' ? 'python' : 'python3';
}
