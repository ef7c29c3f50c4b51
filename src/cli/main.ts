import { ExitCode } from "../errors.ts";
import { createInterruption } from "../tools/interruption.ts";
import { tolerateClosedOutput } from "./closed-output.ts";
import { runCli } from "./run-cli.ts";
import { listenForSignals } from "./signals.ts";

// No top-level await: the published build of this entry is CommonJS (scripts/build.ts says why).
tolerateClosedOutput(process.stdout);
tolerateClosedOutput(process.stderr);
const interruption = createInterruption();
const stopListening = listenForSignals(interruption, {
  write: (text) => process.stderr.write(text),
  exitNow: (code) => process.exit(code),
});
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  tty: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  interruption,
}).then((exitCode) => {
  stopListening();
  if (interruption.received !== undefined) {
    // What the interrupted work left running (a testcontainers socket, a wait) must not keep the
    // process alive: the command has cleaned up and written its report; flush and leave.
    const code = exitCode === ExitCode.pass ? interruptedCode(interruption.received) : exitCode;
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  } else {
    process.exitCode = exitCode;
  }
});

function interruptedCode(signal: "SIGINT" | "SIGTERM"): number {
  return signal === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
}
