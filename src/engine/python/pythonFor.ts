/** Which Python runs the trainer: the configured one, else a workspace `.venv`, else `python3` on PATH. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { venvPython } from './pythonEnv';

export function pythonFor(configured: string | null | undefined, workspaceRoot: string | undefined): string {
  if (configured) return configured;
  if (process.env.ALW_PYTHON) return process.env.ALW_PYTHON;
  for (const root of [workspaceRoot, process.cwd()]) {
    if (!root) continue;
    const candidate = venvPython(path.join(root, '.venv'));
    if (existsSync(candidate)) return candidate;
  }
  return process.platform === 'win32' ? 'python' : 'python3';
}
