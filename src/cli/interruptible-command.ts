// How a command that creates docker objects or clusters ends on SIGINT/SIGTERM: what was in flight
// fails with an InterruptedError (tools/interruption.ts), the command's own failure handling runs
// (cleanup, the report, with the interruption as the reason) for up to `graceMs`, then the
// command's safety net (`afterInterrupt`: remove what is left, make sure the report exists), and
// the exit code is 130 (SIGINT) or 143 (SIGTERM).

import { ExitCode, type InterruptSignal, renderError } from "../errors.ts";
import type { CliIO } from "./command.ts";

export interface InterruptibleWork {
  /** The command. */
  work(): Promise<ExitCode>;
  /** After an interruption, once `work` settled or the grace ran out: remove leftovers, ensure the report. */
  afterInterrupt(signal: InterruptSignal, settled: boolean): Promise<void>;
  /** How long the command's own failure handling may take after the signal (default 60 s). */
  graceMs?: number;
}

export const DEFAULT_INTERRUPT_GRACE_MS = 60_000;

export async function runInterruptible(io: CliIO, command: InterruptibleWork): Promise<ExitCode> {
  const interruption = io.interruption;
  if (interruption === undefined) return command.work();
  interruption.handle();
  let outcome: { done: true; code?: ExitCode; error?: unknown } | undefined;
  const working = command.work().then(
    (code) => {
      outcome = { done: true, code };
    },
    (error: unknown) => {
      outcome = { done: true, error };
    },
  );
  const signal = await Promise.race([working.then(() => undefined), interruption.interrupted]);
  if (signal === undefined && interruption.received === undefined) {
    if (outcome?.error !== undefined) throw outcome.error;
    return outcome?.code ?? ExitCode.environment;
  }
  const received = interruption.received ?? (signal as InterruptSignal);
  const graceMs = command.graceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    working,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === undefined) {
    io.stderr(`${received}: the command did not wind down within ${graceMs / 1000}s; cleaning up now\n`);
  } else if (outcome.error !== undefined) {
    io.stderr(renderError(outcome.error).text);
  }
  try {
    await command.afterInterrupt(received, outcome !== undefined);
  } catch (error) {
    io.stderr(`cleanup after ${received} failed: ${renderError(error).text}`);
  }
  return received === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
}
