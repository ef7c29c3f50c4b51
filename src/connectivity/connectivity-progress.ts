// cilium-cli's connectivity test output, line by line, as progress the console shows while it runs
// (the run can take 30 minutes). cilium-cli v0.19.7 (vendored cilium-cli/connectivity/check):
//   test.go Run():          "[=] [<namespace>] Test [<name>] [<i>/<n>]"
//   context.go skip():      "[=] [<namespace>] Skipping test [<name>] [<i>/<n>] (<reason>)"
//   logging.go Fail/Fatal:  lines led by "❌" (fail) or "🟥" (fatal), also indented under an action
// With --timestamp a time stamp leads each line; it is ignored.

import { emitProgress, type ProgressEvent } from "../console/progress-events.ts";

export const CONNECTIVITY_TOOL = "cilium connectivity test";

const TEST_LINE = /\[=\] \[[^\]]*\] Test \[([^\]]+)\] \[(\d+)\/(\d+)\]/;
const SKIP_LINE = /\[=\] \[[^\]]*\] Skipping test \[([^\]]+)\] \[(\d+)\/(\d+)\] \((.*)\)\s*$/;
const FAILURE_LINE = /(?:❌|🟥)\s*(.*)$/u;

/** The progress event a line of cilium-cli's output means, if any. */
export function connectivityProgress(line: string): ProgressEvent | undefined {
  const skip = SKIP_LINE.exec(line);
  if (skip) {
    return {
      kind: "tool-test",
      tool: CONNECTIVITY_TOOL,
      test: skip[1] ?? "",
      index: Number(skip[2]),
      total: Number(skip[3]),
      skipped: skip[4] ?? "",
    };
  }
  const test = TEST_LINE.exec(line);
  if (test) {
    return {
      kind: "tool-test",
      tool: CONNECTIVITY_TOOL,
      test: test[1] ?? "",
      index: Number(test[2]),
      total: Number(test[3]),
    };
  }
  const failure = FAILURE_LINE.exec(line);
  if (failure) return { kind: "tool-failure", tool: CONNECTIVITY_TOOL, line: line.trim() };
  return undefined;
}

/** A line handler for the command runner: progress lines to the console, the rest for --verbose. */
export function emitConnectivityProgress(line: string): void {
  emitProgress(connectivityProgress(line) ?? { kind: "detail", line });
}
