/**
 * One-shot trainer commands that answer with one JSON line: `env-check` (the environment a run would meet) and
 * `launch-command` (the exact argv of a run: one local process or accelerate launch). An older trainer without
 * them still runs: the local argv is built here, and the environment report says it could not check.
 */
import { spawn } from 'node:child_process';
import type { EnvReport } from '../../protocol';
import { RunConfigError } from './runConfig';

export interface TrainerProcess {
  python: string;
  /** The trainer's environment (offline, unbuffered, plus the caller's). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How long a one-shot query may take before it is killed (default QUERY_TIMEOUT_MS). */
  queryTimeoutMs?: number;
}

/** env-check imports torch and probes devices: seconds normally, minutes on a cold disk; never forever. */
export const QUERY_TIMEOUT_MS = 180_000;

export interface LaunchCommand {
  argv: string[];
  launcher: 'local' | 'accelerate';
  processes: number;
}

class MissingTrainerCommand extends Error {}

export async function launchCommand(trainer: TrainerProcess, config: string, outputDir: string, resume?: string): Promise<LaunchCommand> {
  const options = ['--output-dir', outputDir, ...(resume ? ['--resume', resume] : [])];
  try {
    return await queryTrainer<LaunchCommand>(trainer, 'launch-command', [config, ...options]);
  } catch (error) {
    if (!(error instanceof MissingTrainerCommand)) throw error;
    return { argv: [trainer.python, '-m', 'alw_trainer', 'run', config, ...options], launcher: 'local', processes: 1 };
  }
}

/** Never throws: what goes wrong (no Python, no trainer) becomes a problem in the report. */
export async function envCheck(trainer: TrainerProcess, config: string, runsDir: string): Promise<EnvReport> {
  const report: EnvReport = {
    python: trainer.python, pythonVersion: null, torch: null, trainerVersion: null, devices: [], freeDiskBytes: null,
    estimate: null, problems: [], warnings: [],
  };
  try {
    return await queryTrainer<EnvReport>(trainer, 'env-check', [config, '--runs-dir', runsDir]);
  } catch (error) {
    if (error instanceof MissingTrainerCommand) {
      report.warnings.push('This trainer is too old to check the environment (no env-check command): devices, disk and memory were not checked. Run "Set Up Python Environment" to update it.');
    } else if (error instanceof RunConfigError) {
      report.problems.push(error.message);
    } else {
      report.problems.push(`The trainer could not be asked about the environment: ${(error as Error).message}`);
    }
    return report;
  }
}

/** Runs `python -m alw_trainer COMMAND ARGS` and returns its last JSON line; a trainer `error` event becomes a RunConfigError. */
function queryTrainer<T>(trainer: TrainerProcess, command: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(trainer.python, ['-m', 'alw_trainer', command, ...args], { cwd: trainer.cwd, env: trainer.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timeoutMs = trainer.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      // Answered now, not at 'close': a grandchild may still hold the pipes open.
      child.stdout.destroy();
      child.stderr.destroy();
      reject(new Error(`${trainer.python} -m alw_trainer ${command} gave no answer within ${Math.round(timeoutMs / 1000)} s and was stopped`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${trainer.python}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return;
      if (new RegExp(`invalid choice: '${command}'`).test(stderr)) return reject(new MissingTrainerCommand(command));
      const answer = lastJsonLine(stdout);
      if (answer?.type === 'error') {
        const message = String(answer.message);
        return reject(['bad_config', 'missing_file'].includes(answer.cause) ? new RunConfigError(message) : new Error(message));
      }
      if (code === 0 && answer) return resolve(answer as T);
      const tail = stderr.trim().split('\n').slice(-3).join('\n');
      reject(new Error(`${trainer.python} -m alw_trainer ${command} failed (exit ${code})${tail ? `:\n${tail}` : ''}`));
    });
  });
}

function lastJsonLine(text: string): Record<string, any> | undefined {
  for (const line of text.trim().split('\n').reverse()) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === 'object') return value;
    } catch {
      // a library's stray print
    }
  }
  return undefined;
}
