// Paste-safe rendering of an argv: what a person can copy from a report into a POSIX shell and
// get exactly the same arguments (execa's escapedCommand targets its own parser, not sh).

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArgument(argument: string): string {
  if (argument === "") return "''";
  if (SAFE.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

export function quoteCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(quoteArgument).join(" ");
}
