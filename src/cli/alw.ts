/** `alw`: the command-line face of the workbench, for headless use (e.g. on a GPU server over SSH). */
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { convertCommand, convertHelp } from './commands/convert';
import { decontaminateCommand, decontaminateHelp } from './commands/decontaminate';
import { dedupCommand, dedupHelp } from './commands/dedup';
import { demoCommand, demoHelp } from './commands/demo';
import { filterCommand, filterHelp } from './commands/filter';
import { mixCommand, mixHelp } from './commands/mix';
import { normalizeCommand, normalizeHelp } from './commands/normalize';
import { PREFS_FLAGS, prefsCommand, prefsHelp } from './commands/prefs';
import { recipeCommand, recipeHelp } from './commands/recipe';
import { envCommand, envHelp } from './commands/env';
import { evalCommand, evalHelp } from './commands/eval';
import { generateCommand, generateHelp } from './commands/generate';
import { judgeCommand, judgeHelp } from './commands/judge';
import { runCommand, runHelp } from './commands/run';
import { runsCommand, runsHelp } from './commands/runs';
import { scoreCommand, scoreHelp } from './commands/score';
import { setupCommand, setupHelp } from './commands/setup';
import { splitCommand, splitHelp } from './commands/split';
import { statsCommand, statsHelp } from './commands/stats';
import { validateCommand, validateHelp } from './commands/validate';

const COMMANDS: Record<string, { help: string; run: (args: ParsedArgs) => number | Promise<number> }> = {
  validate: { help: validateHelp, run: validateCommand },
  normalize: { help: normalizeHelp, run: normalizeCommand },
  filter: { help: filterHelp, run: filterCommand },
  mix: { help: mixHelp, run: mixCommand },
  split: { help: splitHelp, run: splitCommand },
  recipe: { help: recipeHelp, run: recipeCommand },
  dedup: { help: dedupHelp, run: dedupCommand },
  decontaminate: { help: decontaminateHelp, run: decontaminateCommand },
  convert: { help: convertHelp, run: convertCommand },
  run: { help: runHelp, run: runCommand },
  runs: { help: runsHelp, run: runsCommand },
  env: { help: envHelp, run: envCommand },
  score: { help: scoreHelp, run: scoreCommand },
  eval: { help: evalHelp, run: evalCommand },
  generate: { help: generateHelp, run: generateCommand },
  judge: { help: judgeHelp, run: judgeCommand },
  prefs: { help: prefsHelp, run: prefsCommand },
  setup: { help: setupHelp, run: setupCommand },
  stats: { help: statsHelp, run: statsCommand },
  demo: { help: demoHelp, run: demoCommand },
};

const USAGE = `Arabic LLM Workbench command line

usage: alw COMMAND [options]     (alw help COMMAND for details)

${Object.values(COMMANDS).map((c) => c.help.split('\n')[0]).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') return (console.log(USAGE), 0);
  if (name === '--version') return (console.log('0.1.0'), 0);
  if (name === 'help') return (console.log(COMMANDS[rest[0]]?.help ?? USAGE), 0);
  const command = COMMANDS[name];
  if (!command) return (console.error(`alw: unknown command "${name}"\n\n${USAGE}`), 2);
  const args = parseArgs(rest, new Set(['json', 'help', 'in-place', 'near', 'report-only', 'resume', 'check', 'rationale', 'chat', ...PREFS_FLAGS]));
  if (args.options.has('help')) return (console.log(command.help), 0);
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`alw ${name}: ${error.message}\n\n${command.help}`);
      return 2;
    }
    console.error(`alw ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
