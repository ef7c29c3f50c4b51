// The process's SIGINT/SIGTERM, turned into the command's Interruption. The first signal asks the
// command to stop, clean up and write its report; a second one exits at once, saying what may be
// left behind.

import { ExitCode, type InterruptSignal } from "../errors.ts";
import type { Interruption } from "../tools/interruption.ts";

export interface SignalOutput {
  write(text: string): void;
  exitNow(code: number): never | void;
}

export function listenForSignals(interruption: Interruption, output: SignalOutput): () => void {
  const handle = (signal: InterruptSignal) => () => {
    const code = signal === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
    if (!interruption.handled) {
      output.exitNow(code); // nothing that needs cleanup is running: the default behaviour
      return;
    }
    if (interruption.received === undefined) {
      output.write(
        `\n${signal} received: stopping, cleaning up and writing the report (${signal} again to exit at once)\n`,
      );
      interruption.interrupt(signal);
      return;
    }
    output.write(
      `\n${signal} again: exiting now without cleanup; \`cilium-conformance down --all\` removes what the harness left\n`,
    );
    output.exitNow(code);
  };
  const onInt = handle("SIGINT");
  const onTerm = handle("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  };
}
