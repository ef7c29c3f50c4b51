// ANSI styling for the human report, or none at all (not a TTY, NO_COLOR, a file).
export interface TerminalStyle {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const colourStyle: TerminalStyle = {
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
};

const plain = (text: string) => text;
export const plainStyle: TerminalStyle = {
  red: plain,
  green: plain,
  yellow: plain,
  cyan: plain,
  dim: plain,
  bold: plain,
};

/** Colour only for a terminal, never with NO_COLOR (https://no-color.org); FORCE_COLOR forces it. */
export function wantsColour(env: Record<string, string | undefined>, isTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return isTerminal && env.TERM !== "dumb";
}
