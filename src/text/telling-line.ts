// The line of a tool's output that says what went wrong. A crashed program prints a header before
// its error (Node: "node:internal/modules/cjs/loader:1568", "  throw err;", "  ^", then
// "Error: Cannot find module …"), so the first line is rarely the one to show; the first line
// that names a failure is, else the first line with any words in it.

import { oneLine } from "./one-line.ts";

const FAILURE_WORDS =
  /\b(error|errors|fatal|failed|failure|cannot|can't|could not|not found|no such|denied|refused|unable|invalid|panic|timed out|timeout)\b/i;
/** A line with no words: a caret under a column, a brace, a separator. */
const NO_WORDS = /^[^A-Za-z]*$/;
/** A stack frame ("at f (file:1:2)", Go's "goroutine 1 [running]:"). */
const STACK_FRAME = /^(at\s|goroutine\s\d+)/;

/** Whether a line is a stack frame: the harness's own call stack, not a cause a user can act on. */
export function isStackFrame(line: string): boolean {
  return STACK_FRAME.test(line.trim());
}

export function tellingLine(lines: readonly string[]): string | undefined {
  const candidates = lines
    .map((line) => line.trim())
    .filter((line) => line !== "" && !NO_WORDS.test(line) && !STACK_FRAME.test(line));
  return candidates.find((line) => FAILURE_WORDS.test(line)) ?? candidates[0];
}

/**
 * Output as one short line for a message: the first line (e.g. "`cilium version` exited 1 after
 * 445 ms:"), then — when there is more — the telling line of the rest, cut to `max` characters.
 */
export function outputExcerpt(output: string, max = 240): string {
  const lines = output.trim().split("\n");
  const first = (lines[0] ?? "").trim();
  const rest = lines.length > 1 ? tellingLine(lines.slice(1)) : undefined;
  return oneLine(rest === undefined ? first : `${first} ${rest}`, max);
}
