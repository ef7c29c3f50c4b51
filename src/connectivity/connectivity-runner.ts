// Runs `cilium connectivity test` and decides what happened. Only a JUnit file with at least one
// test that ran, no failed case and a zero exit is a pass. A crash, a missing, empty or
// unreadable JUnit, nothing but the `Infrastructure/Provisioning` case, or an exit code the tool
// does not use for test failures is an infrastructure failure (exit 3 semantics), not a test
// failure — and never a pass.

import { readFile, rm } from "node:fs/promises";
import { CommandFailedError } from "../errors.ts";
import type { CommandRunner } from "../tools/run-command.ts";
import { buildConnectivityTestArgs, type ConnectivityTestOptions } from "./connectivity-args.ts";
import {
  type ConnectivityCase,
  type ConnectivityJunit,
  PROVISIONING_CASE_NAME,
  parseConnectivityJunit,
} from "./connectivity-junit.ts";

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
  /** Reads the JUnit file; injectable for tests. */
  readJunit?: (path: string) => Promise<string | undefined>;
}

/** cilium-cli exits 1 when tests failed (and the JUnit says which). */
const TESTS_FAILED_EXIT = 1;

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
      okExitCodes: [TESTS_FAILED_EXIT],
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
  const how = evidence.crash
    ? "the cilium CLI did not finish normally"
    : `the cilium CLI exited ${exitCode ?? "by a signal"}`;

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
  const provisioning = junit.cases.find((c) => c.name === PROVISIONING_CASE_NAME && c.status === "failed");
  if (provisioning) {
    return infrastructure(
      `the connectivity test could not set itself up (${PROVISIONING_CASE_NAME}): ${provisioning.failureText ?? provisioning.message ?? "no detail given"}`,
      junit,
    );
  }
  const ran = junit.cases.filter((c) => c.status !== "skipped" && c.name !== PROVISIONING_CASE_NAME);
  if (ran.length === 0) {
    return infrastructure(
      `${how} but no connectivity test ran (${junit.cases.length} case(s), all skipped): check the --test filter and --offline skips`,
      junit,
    );
  }
  const failedCases = junit.cases.filter((c) => c.status === "failed");
  if (failedCases.length > 0 && (exitCode === TESTS_FAILED_EXIT || exitCode === 0) && !evidence.crash) {
    // Exit 0 with failures happens with --exit-zero-on-failure; the JUnit is the truth.
    return { kind: "failed", junit, failedCases, exitCode, durationMs, command };
  }
  if (evidence.crash || exitCode !== 0) {
    return infrastructure(
      `${how} although its JUnit lists ${failedCases.length} failed test(s); the run did not end cleanly, so its results are incomplete`,
      junit,
    );
  }
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
