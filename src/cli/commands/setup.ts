/** `alw setup`: the Python environment the trainer runs in (same code as the editor's command). */
import * as path from 'node:path';
import { setupPythonEnv } from '../../engine/python/pythonEnv';
import { packageRoot } from '../packageRoot';
import { stringOption, type ParsedArgs } from '../args';

export const setupHelp = `alw setup [--venv DIR] [--python PATH] [--torch REQUIREMENT]
  Create (or reuse) a virtual environment (default ./.venv) and install the trainer into it, torch first
  (default "torch==2.13.0"), then the trainer with its ONNX export extra. With --python, use that interpreter instead and install the trainer only if missing.`;

export async function setupCommand(args: ParsedArgs): Promise<number> {
  const result = await setupPythonEnv({
    interpreter: stringOption(args, 'python'),
    venvDir: path.resolve(stringOption(args, 'venv') ?? '.venv'),
    trainerDir: path.join(packageRoot(), 'trainer'),
    torchRequirement: stringOption(args, 'torch') ?? 'torch==2.13.0',
  }, (message) => console.error(message));
  console.log(result.python);
  return 0;
}
