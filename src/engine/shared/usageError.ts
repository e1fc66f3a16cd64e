/** A request the caller got wrong (a missing option, an unknown name): the CLI exits 2 for it, not 1. */
export class UsageError extends Error {}
