/**
 * Finds or creates the Python environment that runs the trainer: a configured interpreter is used as is
 * (the trainer is installed into it only if missing); otherwise a virtual environment is created,
 * the torch requirement is installed first (its build decides CPU or CUDA), then the trainer package.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { PythonEnvParams, PythonEnvResult } from '../../protocol';

export type Progress = (message: string) => void;

export function venvPython(venvDir: string): string {
  return process.platform === 'win32' ? path.join(venvDir, 'Scripts', 'python.exe') : path.join(venvDir, 'bin', 'python');
}

export async function setupPythonEnv(params: PythonEnvParams, progress: Progress): Promise<PythonEnvResult> {
  let python = params.interpreter;
  let created = false;
  if (!python) {
    python = venvPython(params.venvDir);
    if (!existsSync(python)) {
      progress(`Creating a virtual environment in ${params.venvDir}`);
      await run(basePython(), ['-m', 'venv', params.venvDir], progress);
      created = true;
    }
  }
  let version = await trainerVersion(python);
  if (version === undefined) {
    progress(`Installing ${params.torchRequirement}`);
    await run(python, ['-m', 'pip', 'install', params.torchRequirement], progress);
    progress('Installing the trainer and its libraries');
    await run(python, ['-m', 'pip', 'install', `${params.trainerDir}[onnx]`], progress);
    version = await trainerVersion(python);
    if (version === undefined) throw new Error(`The trainer was installed but ${python} cannot import it`);
  }
  progress(`Ready: ${python} (trainer ${version})`);
  return { python, created, trainerVersion: version };
}

/** The installed trainer's version, or undefined when `python -m alw_trainer version` fails. */
export async function trainerVersion(python: string): Promise<string | undefined> {
  try {
    const out = await run(python, ['-m', 'alw_trainer', 'version'], () => {});
    return out.trim().split('\n').pop();
  } catch {
    return undefined;
  }
}

function basePython(): string {
  return process.platform === 'win32' ? 'python' : 'python3';
}

function run(command: string, args: string[], progress: Progress): Promise<string> {
  return new Promise((resolve, reject) => {
    // PYTHONSAFEPATH: `python -m pip` run from a workspace must not import a pip.py or yaml.py that lies in it.
    const child = spawn(command, args, { env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONSAFEPATH: '1' } });
    let stdout = '';
    let stderr = '';
    const report = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (/^(Collecting|Installing|Successfully|Downloading|Building)/.test(line.trim())) progress(line.trim());
      }
    };
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; report(chunk); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    child.on('error', (error) => reject(new Error(`Could not run ${command}: ${error.message}`)));
    child.on('exit', (code) => code === 0 ? resolve(stdout)
      : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${stderr.trim().split('\n').slice(-5).join('\n')}`)));
  });
}
