/** Minimal argument parsing: positionals plus --name value / --flag options. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
  /** Every value of an option given more than once (e.g. --set a=1 --set b=2), in order. */
  repeated?: Map<string, string[]>;
}

export function parseArgs(argv: string[], flags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  const set = (name: string, value: string | true) => {
    options.set(name, value);
    if (value !== true) repeated.set(name, [...(repeated.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) positional.push(arg);
    else if (arg.includes('=')) set(arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1));
    else if (flags.has(arg.slice(2)) || i + 1 >= argv.length) set(arg.slice(2), true);
    else set(arg.slice(2), argv[++i]);
  }
  return { positional, options, repeated };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export { UsageError } from '../engine/shared/usageError';
