/** POSIX shell quoting, for command lines users paste into a terminal. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(args: string[]): string {
  return args.map(shellQuote).join(' ');
}
