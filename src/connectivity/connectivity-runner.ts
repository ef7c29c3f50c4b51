// Runs `cilium connectivity test` and decides what happened. The harness always passes
// `--exit-zero-on-failure` (connectivity-args.ts), so failed tests exit 0 and the JUnit says which:
// a pass is a JUnit with at least one test that ran, no failed case and exit 0. Anything else that
// is not a clean test failure — a non-zero exit, a crash, a missing, empty or unreadable JUnit,
// nothing but the synthetic setup case (setup failed or `--timeout` ran out) — is an
// infrastructure failure (exit 3 semantics), never a pass and never a plain test failure.

import { readFile, rm } from "node:fs/promises";
import { CommandFailedError } from "../errors.ts";
import type { CommandRunner } from "../tools/run-command.ts";
import { buildConnectivityTestArgs, type ConnectivityTestOptions } from "./connectivity-args.ts";
import {
  type ConnectivityCase,
  type ConnectivityJunit,
  isSetupCase,
  parseConnectivityJunit,
} from "./connectivity-junit.ts";
import { emitConnectivityProgress } from "./connectivity-progress.ts";

export type ConnectivityOutcome =
  | { kind: "passed"; junit: ConnectivityJunit; exitCode: number; durationMs: number; command: string }
  | {
      kind: "failed";
      junit: ConnectivityJunit;
      failedCases: ConnectivityCase[];
      exitCode: number;
      durationMs: number;
      command: string;
    }
  | {
      kind: "infrastructure";
      /** One paragraph for the operator: what went wrong and what to look at. */
      reason: string;
      /** Whatever cases the tool did report before it went wrong (may be empty). */
      junit: ConnectivityJunit | undefined;
      exitCode: number | undefined;
      durationMs: number;
      command: string;
    };

export interface RunConnectivityTestInput {
  runner: CommandRunner;
  /** Path or name of the cilium CLI binary. */
  ciliumBin: string;
  options: ConnectivityTestOptions;
  /** Our own outer deadline; keep it above the tool's `--timeout` so the tool can write JUnit. */
  processTimeoutMs?: number;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Each output line as it arrives; default: cilium-cli's progress to the console. */
  onOutputLine?: (line: string) => void;
  /** Reads the JUnit file; injectable for tests. */
  readJunit?: (path: string) => Promise<string | undefined>;
}

/** cilium-cli's exit code for any error (its fatal path); with --exit-zero-on-failure never for failed tests. */
const CLI_ERROR_EXIT = 1;

export async function runConnectivityTest(input: RunConnectivityTestInput): Promise<ConnectivityOutcome> {
  const args = buildConnectivityTestArgs(input.options);
  const fallbackCommand = [input.ciliumBin, ...args].join(" ");
  // A JUnit file left by an earlier run must never stand in for this one's missing result.
  await rm(input.options.junitFile, { force: true });
  const started = Date.now();
  let exitCode: number | undefined;
  let command = fallbackCommand;
  let durationMs = 0;
  let crash: string | undefined;
  try {
    const result = await input.runner.run(input.ciliumBin, args, {
      // An answer to judge with the JUnit, not a reason to throw away what the tool wrote.
      okExitCodes: [CLI_ERROR_EXIT],
      // `[i/n] test` progress on the console while it runs (connectivity-progress.ts).
      onLine: input.onOutputLine ?? emitConnectivityProgress,
      ...(input.processTimeoutMs === undefined ? {} : { timeoutMs: input.processTimeoutMs }),
      ...(input.env === undefined ? {} : { env: input.env }),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    exitCode = result.exitCode;
    command = result.command;
    durationMs = result.durationMs;
  } catch (error) {
    durationMs = Date.now() - started;
    if (error instanceof CommandFailedError) {
      exitCode = error.failure.exitCode;
      command = error.failure.command;
    }
    crash = error instanceof Error ? error.message : String(error);
  }
  const read = input.readJunit ?? readJunitFile;
  const xml = await read(input.options.junitFile);
  return judge({ xml, exitCode, crash, durationMs, command, junitFile: input.options.junitFile });
}

interface Evidence {
  xml: string | undefined;
  exitCode: number | undefined;
  crash: string | undefined;
  durationMs: number;
  command: string;
  junitFile: string;
}

/** The decision, separated from I/O so every branch is tested on plain inputs. */
export function judge(evidence: Evidence): ConnectivityOutcome {
  const { exitCode, durationMs, command } = evidence;
  const infrastructure = (reason: string, junit?: ConnectivityJunit): ConnectivityOutcome => ({
    kind: "infrastructure",
    reason: evidence.crash ? `${reason}\n${evidence.crash}` : reason,
    junit,
    exitCode,
    durationMs,
    command,
  });
  // cilium-cli ends a test run with 0 (passed) or 1 (a test failed): any other exit is a crash (a
  // Go panic exits 2), and its code is what the user needs first.
  const how = !evidence.crash
    ? `the cilium CLI exited ${exitCode ?? "by a signal"}`
    : exitCode === undefined
      ? "the cilium CLI did not finish normally"
      : `the cilium CLI exited ${exitCode} (a crash: it ends a test run with 0 or 1)`;

  if (evidence.xml === undefined || evidence.xml.trim() === "") {
    return infrastructure(
      `${how} and wrote ${evidence.xml === undefined ? "no" : "an empty"} JUnit file (${evidence.junitFile}); ` +
        "no connectivity test result exists. Look at the command's output and the sysdump, if one was taken.",
    );
  }
  let junit: ConnectivityJunit;
  try {
    junit = parseConnectivityJunit(evidence.xml);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return infrastructure(`${how}; its JUnit file ${evidence.junitFile} cannot be read: ${detail}`);
  }
  const setup = junit.cases.find((c) => isSetupCase(c.name) && c.status === "failed");
  if (setup) {
    return infrastructure(
      `the connectivity test never reported its tests (${setup.name}): its setup failed, or its --timeout ran out (cilium-cli then writes only this case and drops the tests it completed): ${setup.failureText ?? setup.message ?? "no detail given"}`,
      junit,
    );
  }
  const ran = junit.cases.filter((c) => c.status !== "skipped" && !isSetupCase(c.name));
  if (ran.length === 0) {
    return infrastructure(
      `${how} but no connectivity test ran (${junit.cases.length} case(s), all skipped): check the --test filter and --offline skips`,
      junit,
    );
  }
  const failedCases = junit.cases.filter((c) => c.status === "failed");
  if (evidence.crash || exitCode !== 0) {
    // --exit-zero-on-failure: failed tests alone exit 0, so this run broke off.
    return infrastructure(
      `${how} (with --exit-zero-on-failure only a broken run exits non-zero) although its JUnit lists ${failedCases.length} failed test(s): the run did not end cleanly, so its results are incomplete`,
      junit,
    );
  }
  if (failedCases.length > 0) return { kind: "failed", junit, failedCases, exitCode, durationMs, command };
  return { kind: "passed", junit, exitCode, durationMs, command };
}

async function readJunitFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
