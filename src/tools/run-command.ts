// The one way the harness starts external programs: argv arrays (never a shell), an explicit
// env, a timeout and a cancel signal. Each call lands in the transcript; a failure becomes a
// CommandFailedError that carries the paste-safe command, exit code, stderr tail and duration.

import { execa } from "execa";
import { CommandFailedError, EnvironmentError, InterruptedError } from "../errors.ts";
import { interruptionOf } from "./interruption.ts";
import { quoteCommand } from "./posix-quote.ts";
import { redactArgs, redactText } from "./redact.ts";
import type { Transcript } from "./transcript.ts";

export interface RunOptions {
  /** Variables set on top of the runner's base env (e.g. KIND_EXPERIMENTAL_DOCKER_NETWORK). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Written to stdin; never recorded. */
  input?: string;
  /** Values masked in the transcript and in error messages. */
  secrets?: readonly string[];
  /** Exit codes that are answers, not failures (e.g. 1 from `docker network inspect` of a missing network). */
  okExitCodes?: readonly number[];
  /**
   * Ends the command (its process group) as soon as its stdout so far satisfies this, and returns
   * that output as an answer: for commands that print what is needed and then go on to do
   * something else (`cilium version --client` prints its version, then fetches GitHub with no
   * timeout of its own).
   */
  stopWhen?: (stdoutSoFar: string) => boolean;
  /** Each line of stdout and stderr as it arrives (redacted), e.g. a long tool's progress. */
  onLine?: (line: string) => void;
}

export interface CommandResult {
  /** Paste-safe, redacted command line. */
  command: string;
  /** The exit code; 143 (128 + SIGTERM) when `stopWhen` ended the command. */
  exitCode: number;
  /** Set when `stopWhen` ended the command once it had answered. */
  stoppedOnAnswer?: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface CommandRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

export interface CommandRunnerOptions {
  transcript: Transcript;
  /** The child's base environment (the CLI's env, so tests control PATH). */
  env: Record<string, string | undefined>;
  /** Verbose mode: receives `[hh:mm:ss] $ cmd` and `✔ (done in 842ms)` lines. */
  verbose?: (line: string) => void;
  /** Wall clock for transcript timestamps (injectable for tests). */
  now?: () => Date;
  /**
   * The command's interruption (SIGINT/SIGTERM, tools/interruption.ts): children running when it
   * fires are ended (their whole process group) and their call throws an InterruptedError;
   * children started afterwards — the cleanup — run normally.
   */
  interruption?: AbortSignal;
}

export const STDERR_TAIL_LINES = 20;

export function createCommandRunner(options: CommandRunnerOptions): CommandRunner {
  const now = options.now ?? (() => new Date());
  return {
    async run(file, args, runOptions = {}) {
      const secrets = runOptions.secrets ?? [];
      const command = quoteCommand(file, redactArgs(args, secrets));
      const startedAt = now();
      options.verbose?.(`[${clockTime(startedAt)}] $ ${command}\n`);
      const subprocess = execa(file, [...args], {
        reject: false,
        shell: false,
        extendEnv: false,
        env: mergeEnv(options.env, runOptions.env),
        // Its own process group, so a timeout or cancel also ends grandchildren (kind's docker
        // calls, `sh -c` pipelines) that would otherwise keep stdout open and hang the wait.
        detached: true,
        ...(runOptions.cwd === undefined ? {} : { cwd: runOptions.cwd }),
        ...(runOptions.input === undefined ? { stdin: "ignore" as const } : { input: runOptions.input }),
        stripFinalNewline: true,
      });
      const interruption = options.interruption?.aborted === false ? options.interruption : undefined;
      const signals = [runOptions.signal, interruption].filter((s): s is AbortSignal => s !== undefined);
      const stop = stopper(subprocess.pid, {
        ...runOptions,
        ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      });
      if (runOptions.stopWhen) watchForAnswer(subprocess.stdout, runOptions.stopWhen, stop);
      const flushLines = runOptions.onLine
        ? streamLines([subprocess.stdout, subprocess.stderr], (line) =>
            runOptions.onLine?.(redactText(line, secrets)),
          )
        : undefined;
      const result = await subprocess;
      flushLines?.();
      stop.dispose();
      const interrupted = interruptionOf(interruption);
      if (interrupted && stop.canceled) {
        options.transcript.record({
          startedAt: startedAt.toISOString(),
          command,
          durationMs: Math.round(result.durationMs),
          exitCode: result.exitCode,
          timedOut: false,
          failed: true,
        });
        options.verbose?.(`✖ (interrupted by ${interrupted.signal})\n`);
        throw new InterruptedError(interrupted.signal, `running \`${command}\``);
      }
      const timedOut = stop.timedOut;
      const canceled = stop.canceled;
      const answered = stop.answered && !timedOut && !canceled;
      const durationMs = Math.round(result.durationMs);
      const exitCode = answered ? (result.exitCode ?? SIGTERM_EXIT) : result.exitCode;
      const allowed =
        answered ||
        (exitCode !== undefined && (exitCode === 0 || (runOptions.okExitCodes ?? []).includes(exitCode)));
      const failed = !allowed || timedOut || canceled;
      options.transcript.record({
        startedAt: startedAt.toISOString(),
        command,
        durationMs,
        exitCode: answered ? undefined : exitCode,
        timedOut,
        failed,
      });
      const stdout = typeof result.stdout === "string" ? result.stdout : "";
      const stderr = typeof result.stderr === "string" ? result.stderr : "";
      if (!failed && exitCode !== undefined) {
        options.verbose?.(`✔ (${answered ? "answered, stopped" : "done"} in ${durationMs}ms)\n`);
        return {
          command,
          exitCode,
          stdout,
          stderr,
          durationMs,
          ...(answered ? { stoppedOnAnswer: true } : {}),
        };
      }
      options.verbose?.(`✖ (${describeEnd(exitCode, timedOut, canceled)} in ${durationMs}ms)\n`);
      if ((result as { code?: string }).code === "ENOENT") {
        throw new EnvironmentError("CC_ENV_TOOL_MISSING", `\`${file}\` was not found (${command})`, {
          hint: "install it (kind and cilium: `scripts/install-tools.sh`) or put it on PATH",
        });
      }
      throw new CommandFailedError(
        {
          command,
          exitCode,
          stderrTail: redactText(tailLines(stderr, STDERR_TAIL_LINES), secrets),
          durationMs,
          timedOut,
        },
        // No `cause`: the raw result holds stdout, which may be a kubeconfig.
        canceled ? { hint: "the command was canceled" } : {},
      );
    },
  };
}

/** Calls `onLine` per complete line of each stream; the returned function flushes partial lines. */
function streamLines(
  streams: readonly (NodeJS.ReadableStream | null)[],
  onLine: (line: string) => void,
): () => void {
  const partial: string[] = streams.map(() => "");
  streams.forEach((stream, index) => {
    stream?.on("data", (chunk: Buffer | string) => {
      const lines = (partial[index] + chunk.toString()).split("\n");
      partial[index] = lines.pop() ?? "";
      for (const line of lines) onLine(line.replace(/\r$/, ""));
    });
  });
  return () => {
    for (const rest of partial) if (rest !== "") onLine(rest);
  };
}

const FORCE_KILL_AFTER_MS = 5000;
const SIGTERM_EXIT = 143;

/** Feeds stdout to `stopWhen` as it arrives; the first time it says yes, the command is ended. */
function watchForAnswer(
  stdout: NodeJS.ReadableStream | null,
  stopWhen: (stdoutSoFar: string) => boolean,
  stop: { answer(): void },
): void {
  if (!stdout) return;
  let soFar = "";
  const onData = (chunk: Buffer | string) => {
    soFar += chunk.toString();
    if (stopWhen(soFar)) {
      stdout.removeListener("data", onData);
      stop.answer();
    }
  };
  stdout.on("data", onData);
}

/** Ends the process group on timeout, abort or an answer: SIGTERM, then SIGKILL if it lingers. */
function stopper(pid: number | undefined, options: RunOptions) {
  const state = { timedOut: false, canceled: false, answered: false };
  let forceTimer: NodeJS.Timeout | undefined;
  const killGroup = (signal: NodeJS.Signals) => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const terminate = () => {
    killGroup("SIGTERM");
    forceTimer = setTimeout(() => killGroup("SIGKILL"), FORCE_KILL_AFTER_MS);
    forceTimer.unref();
  };
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          state.timedOut = true;
          terminate();
        }, options.timeoutMs);
  const onAbort = () => {
    state.canceled = true;
    terminate();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    get timedOut() {
      return state.timedOut;
    },
    get canceled() {
      return state.canceled;
    },
    get answered() {
      return state.answered;
    },
    answer() {
      if (state.answered || state.timedOut || state.canceled) return;
      state.answered = true;
      clearTimeout(timer);
      terminate();
    },
    dispose() {
      clearTimeout(timer);
      clearTimeout(forceTimer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}

function mergeEnv(
  base: Record<string, string | undefined>,
  extra: Record<string, string | undefined> | undefined,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...base, ...extra })) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

export function tailLines(text: string, count: number): string {
  const lines = text.replace(/\s+$/, "").split("\n");
  return lines.slice(-count).join("\n");
}

function clockTime(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

function describeEnd(exitCode: number | undefined, timedOut: boolean, canceled: boolean): string {
  if (timedOut) return "timed out";
  if (canceled) return "canceled";
  return exitCode === undefined ? "killed" : `exit ${exitCode}`;
}
