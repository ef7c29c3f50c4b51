// The error hierarchy. Every error a user can meet has a stable `code` (match on it, never on
// the message), an exit code from DESIGN.md, and where it helps a `hint` that says what to do.

export const ExitCode = {
  pass: 0,
  conformanceFailed: 1,
  badInput: 2,
  environment: 3,
  /** Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One of several problems an error reports at once (e.g. every mistake of a config file). */
export interface Problem {
  file?: string | undefined;
  line?: number | undefined;
  message: string;
  hint?: string | undefined;
}

export interface ErrorOptions {
  hint?: string;
  file?: string;
  line?: number;
  cause?: unknown;
  /** Every problem, when the error reports more than one. */
  problems?: readonly Problem[];
}

export class ConformanceError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly problems: readonly Problem[] | undefined;

  constructor(code: string, exitCode: ExitCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.problems = options.problems;
  }
}

/** Wrong command-line usage: unknown command or option, bad option value. Exit 2. */
export class UsageError extends ConformanceError {
  constructor(message: string, options: ErrorOptions = {}) {
    super("CC_USAGE", ExitCode.badInput, message, options);
  }
}

export type RepoErrorCode =
  | "CC_REPO_NOT_FOUND"
  | "CC_REPO_FILE_MISSING"
  | "CC_REPO_FILE_UNREADABLE"
  | "CC_REPO_YAML_INVALID"
  | "CC_REPO_CONFIG_INVALID"
  | "CC_REPO_HELMRELEASE_MISSING"
  | "CC_REPO_HELMRELEASE_AMBIGUOUS"
  | "CC_REPO_HELMRELEASE_NO_VERSION"
  | "CC_REPO_VALUES_INVALID"
  | "CC_REPO_VALUES_SOURCE_MISSING"
  | "CC_REPO_MANIFEST_INVALID"
  | "CC_REPO_SYMLINK_OUTSIDE"
  | "CC_REPO_PATH_OUTSIDE"
  | "CC_REPO_FILE_TOO_LARGE"
  | "CC_REPO_TOO_LARGE";

/** The infra repo cannot be read or understood. Exit 2; always names the file (and line). */
export class RepoError extends ConformanceError {
  constructor(code: RepoErrorCode, message: string, options: ErrorOptions & { file: string }) {
    super(code, ExitCode.badInput, message, options);
  }
}

export type PlanErrorCode =
  | "CC_PLAN_LAN_NO_ROOM"
  | "CC_PLAN_LAN_INVALID"
  | "CC_PLAN_VERSION_UNSUPPORTED"
  | "CC_PLAN_KIND_CONFIG_INVALID"
  | "CC_PLAN_BUDGETS_INVALID"
  | "CC_PLAN_NAME_INVALID";

/** The run cannot be planned from this input (e.g. no docker ip-range fits beside the pool). Exit 2. */
export class PlanError extends ConformanceError {
  constructor(code: PlanErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, ExitCode.badInput, message, options);
  }
}

export type EnvironmentErrorCode =
  | "CC_ENV_TOOL_MISSING"
  | "CC_ENV_TOOL_VERSION"
  | "CC_ENV_DOCKER_UNREACHABLE"
  | "CC_ENV_UNSUPPORTED_HOST"
  | "CC_ENV_IMAGE_MISSING"
  | "CC_ENV_CONTEXT_REFUSED"
  | "CC_ENV_CONTEXT_MISSING"
  | "CC_ENV_DOWNLOAD_FAILED"
  | "CC_ENV_CHECKSUM_MISMATCH"
  | "CC_ENV_NETWORK_CONFLICT"
  | "CC_ENV_CLUSTER_CONFLICT"
  | "CC_ENV_TEARDOWN_FAILED"
  | "CC_ENV_REPORT_MISSING"
  | "CC_ENV_HUBBLE_RELAY_NOT_FOUND"
  | "CC_ENV_HUBBLE_RELAY_UNREACHABLE"
  | "CC_ENV_LAN_CLIENT_FAILED"
  | "CC_ENV_ARP_PROBE_FAILED"
  | "CC_ENV_CLUSTER_UNREACHABLE"
  | "CC_ENV_SUITES_FAILED_TO_RUN"
  | "CC_ENV_OUTPUT_UNWRITABLE"
  | "CC_ENV_KUSTOMIZE_TIMEOUT"
  | "CC_ENV_KUSTOMIZE_KILLED";

/** The machine cannot run this (missing tool, Docker down, foreign kube context). Exit 3. */
export class EnvironmentError extends ConformanceError {
  constructor(code: EnvironmentErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, ExitCode.environment, message, options);
  }
}

export interface CommandFailure {
  /** Paste-safe form of the command, quoted for a POSIX shell. */
  command: string;
  exitCode: number | undefined;
  stderrTail: string;
  durationMs: number;
  timedOut: boolean;
}

/** An external command (docker, kind, cilium, helm) failed. Exit 3. */
export class CommandFailedError extends ConformanceError {
  readonly failure: CommandFailure;

  constructor(failure: CommandFailure, options: ErrorOptions = {}) {
    const how = failure.timedOut ? "timed out" : `exited ${failure.exitCode ?? "by signal"}`;
    super(
      "CC_COMMAND_FAILED",
      ExitCode.environment,
      `\`${failure.command}\` ${how} after ${failure.durationMs} ms${failure.stderrTail ? `:\n${failure.stderrTail}` : ""}`,
      options,
    );
    this.failure = failure;
  }
}

/** Standing up the cluster failed (kind, CRDs, Cilium never ready). Exit 3. */
export class ProvisioningError extends ConformanceError {
  readonly phase: string;

  constructor(phase: string, message: string, options: ErrorOptions = {}) {
    super("CC_PROVISIONING_FAILED", ExitCode.environment, message, options);
    this.phase = phase;
  }
}

/**
 * A named wait ran out of budget. The message carries the last observation, e.g.
 * `lbIpAssigned: no IP after 60s (last: condition cilium.io/IPAMRequestSatisfied=False reason=no_pool)`.
 * Exit 3 during provisioning, 1 when it is what a conformance test asserted.
 */
export class WaitTimeoutError extends ConformanceError {
  readonly waitName: string;
  readonly budgetMs: number;
  readonly lastObservation: string;

  constructor(
    waitName: string,
    budgetMs: number,
    expectation: string,
    lastObservation: string,
    exitCode: ExitCode = ExitCode.environment,
  ) {
    super(
      "CC_WAIT_TIMEOUT",
      exitCode,
      `${waitName}: ${expectation} after ${formatBudget(budgetMs)} (last: ${lastObservation})`,
    );
    this.waitName = waitName;
    this.budgetMs = budgetMs;
    this.lastObservation = lastObservation;
  }
}

export type InterruptSignal = "SIGINT" | "SIGTERM";

/**
 * The run was stopped by SIGINT or SIGTERM. Exit 130/143. Thrown by whatever was in flight when
 * the signal came (a child process, a wait), so the command's own failure handling records the
 * interruption as the reason and cleans up.
 */
export class InterruptedError extends ConformanceError {
  readonly signal: InterruptSignal;

  constructor(signal: InterruptSignal, during?: string) {
    super(
      "CC_INTERRUPTED",
      signal === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated,
      `interrupted by ${signal}${during ? ` while ${during}` : ""}`,
      {
        hint: "run it again; anything it created was removed (unless --keep), else `cilium-conformance down --run-id <id>` removes it",
      },
    );
    this.signal = signal;
  }
}

/** A promise of the repo did not hold (a static check error or a failed suite). Exit 1. */
export class ConformanceFailedError extends ConformanceError {
  constructor(message: string, options: ErrorOptions = {}) {
    super("CC_CONFORMANCE_FAILED", ExitCode.conformanceFailed, message, options);
  }
}

export function formatBudget(ms: number): string {
  if (ms % 1000 !== 0 || ms < 1000) return `${ms}ms`;
  return `${ms / 1000}s`;
}

/**
 * The longest message printed. Messages quote repo text only as short excerpts
 * (src/repo/quote-excerpt.ts); this cap is the net under that rule, so no mistake in a message can
 * dump a whole file into a CI log.
 */
export const MAX_MESSAGE_CHARS = 4000;

function capMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (message cut: ${message.length} characters in all)`;
}

/** The error as JSON for `--format json` callers: what they would otherwise parse from stderr. */
export function errorObject(error: unknown): Record<string, unknown> {
  if (error instanceof ConformanceError) {
    return {
      error: {
        code: error.code,
        exitCode: error.exitCode,
        message: capMessage(error.message),
        ...(error.file === undefined ? {} : { file: error.file }),
        ...(error.line === undefined ? {} : { line: error.line }),
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        ...(error.problems === undefined ? {} : { problems: error.problems }),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: "CC_INTERNAL", exitCode: ExitCode.environment, message } };
}

/** Renders an error for the terminal: never a stack trace for a user mistake. */
export function renderError(error: unknown): { text: string; exitCode: ExitCode } {
  if (error instanceof ConformanceError) {
    const where = error.file ? `\n  at ${error.file}${error.line ? `:${error.line}` : ""}` : "";
    const fix = error.hint ? `\n  fix: ${error.hint}` : "";
    return {
      text: `error[${error.code}]: ${capMessage(error.message)}${where}${fix}\n`,
      exitCode: error.exitCode,
    };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    text: `internal error (a bug in cilium-conformance; please report it with this text):\n${detail}\n`,
    exitCode: ExitCode.environment,
  };
}

export type ChartErrorCode =
  | "CC_CHART_VERSION_UNKNOWN"
  | "CC_CHART_UNREADABLE"
  | "CC_CHART_SOURCE_UNSUPPORTED"
  | "CC_CHART_VERSION_MISMATCH";

/** A Helm chart cannot be found or read from what the user gave (version, file, repo URL). Exit 2. */
export class ChartError extends ConformanceError {
  constructor(code: ChartErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, ExitCode.badInput, message, options);
  }
}
