// A CommandRunner that records argv and answers from a script (for the datapath's reconcilers).

import type { CommandRunner } from "../../../../../rehearsal/cilium/agent/datapath/command-runner.ts";

export function recordingRunner(answers: Record<string, string> = {}): {
  run: CommandRunner;
  calls: string[];
} {
  const calls: string[] = [];
  const run: CommandRunner = async (command, args) => {
    const line = [command, ...args].join(" ");
    calls.push(line);
    return answers[line] ?? "";
  };
  return { run, calls };
}
