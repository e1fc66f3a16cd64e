/** The environment and the equivalent command line of a trainer process (what command.txt says). */
import { networkAllowed } from './runConfig';
import { commandLine, shellQuote } from './shellQuote';
import type { LaunchCommand } from './trainerQuery';

/** What the engine sets for the trainer; with network on (ALW_ALLOW_NETWORK=1) it does not force the Hub offline. */
export function trainerEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  // PYTHONSAFEPATH: the trainer runs in the config's folder, where a stray yaml.py must not shadow a library.
  return { ...(networkAllowed(env) ? {} : { HF_HUB_OFFLINE: '1' }), HF_HUB_DISABLE_TELEMETRY: '1', PYTHONUNBUFFERED: '1', PYTHONSAFEPATH: '1' };
}
/** The line in command.txt: from the folder the trainer runs in, with the environment it gets. */
export function commandText(launch: LaunchCommand, cwd: string): string {
  const env = Object.entries(trainerEnv()).map(([k, v]) => `${k}=${v}`).join(' ');
  return `cd ${shellQuote(cwd)} && ${env} ${commandLine(launch.argv)}`;
}

