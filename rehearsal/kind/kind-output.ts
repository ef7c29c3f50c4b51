// kind's terminal output: status lines (pkg/internal/cli/status.go; without a TTY the start line
// is not animated, the end line is " ✓ <step>" or " ✗ <step>") and log lines, all on stderr as
// kind's logger writes them; `-q` silences them.

export interface KindOutput {
  info(line: string): void;
  /** Runs a step between its status lines. */
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
}

export function kindOutput(
  quiet: boolean,
  write: (text: string) => void = (text) => process.stderr.write(text),
): KindOutput {
  const out = (line: string) => {
    if (!quiet) write(`${line}\n`);
  };
  return {
    info: out,
    async step(title, work) {
      try {
        const result = await work();
        out(` ✓ ${title}`);
        return result;
      } catch (error) {
        out(` ✗ ${title}`);
        throw error;
      }
    },
  };
}
