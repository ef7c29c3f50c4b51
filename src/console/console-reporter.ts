// The console of a run, in the manner of chainsaw, kuttl and `cilium connectivity test`: one line
// when a phase, suite or case starts and one when it ends, with its elapsed time against its
// budget; cilium-cli's `[i/n] test` progress; and, while something long runs silently, a
// heartbeat line every so often that names it, its time so far and — for a named wait — what it
// last saw. Driven by progress events (progress-events.ts) and an injectable clock, so the exact
// lines are pinned in tests on a manual clock.

import { plainStyle, type TerminalStyle } from "../checks/format/terminal-style.ts";
import type { Clock } from "../wait/clock.ts";
import { formatBudget, formatDuration } from "./format-duration.ts";
import { onProgress, type ProgressEvent } from "./progress-events.ts";

export interface ConsoleOptions {
  write(text: string): void;
  clock: Clock;
  style?: TerminalStyle;
  /** Every command line and note as well. */
  verbose?: boolean;
  /** Phase ends, failures and the summary only: no start lines, case passes, progress or heartbeats. */
  quiet?: boolean;
  /** Silence after which a heartbeat line is printed (default 20 s). */
  heartbeatMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 20_000;

interface Running {
  label: string;
  startedAt: number;
  budgetMs?: number | undefined;
  seen?: string;
}

export interface RunConsole {
  /** Renders one event (also what the channel listener calls). */
  handle(event: ProgressEvent): void;
  /** A line of the harness's own (a static finding, a preflight problem), counted as output. */
  line(text: string): void;
  /** Stops listening and the heartbeat. */
  close(): void;
}

/** A console listening to the process's progress channel. */
export function attachConsole(options: ConsoleOptions): RunConsole {
  const runConsole = createConsole(options);
  const stop = onProgress(runConsole.handle);
  return {
    ...runConsole,
    close() {
      stop();
      runConsole.close();
    },
  };
}

export function createConsole(options: ConsoleOptions): RunConsole {
  const style = options.style ?? plainStyle;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const quiet = options.quiet === true;
  const verbose = options.verbose === true && !quiet;
  const phases = new Map<string, Running>();
  const waits = new Map<string, Running>();
  let currentCase: Running | undefined;
  let lastOutputAt = options.clock.now();
  let cancelTimer: (() => void) | undefined;

  const print = (text: string) => {
    lastOutputAt = options.clock.now();
    options.write(`${text}\n`);
  };
  const since = (running: Running) => options.clock.now() - running.startedAt;
  const against = (ms: number, budgetMs: number | undefined) =>
    budgetMs === undefined ? formatDuration(ms) : `${formatDuration(ms)} of ${formatBudget(budgetMs)}`;

  /** What is running, innermost first: a wait, else the case, else the newest phase. */
  const innermost = (): { running: Running; kind: string } | undefined => {
    const wait = [...waits.values()].at(-1);
    if (wait) return { running: wait, kind: "waiting for" };
    if (currentCase) return { running: currentCase, kind: "running" };
    const phase = [...phases.values()].at(-1);
    return phase ? { running: phase, kind: "still in" } : undefined;
  };

  const heartbeat = () => {
    cancelTimer = options.clock.setTimer(heartbeatMs, heartbeat);
    if (quiet || options.clock.now() - lastOutputAt < heartbeatMs) return;
    const now = innermost();
    if (!now) return;
    const { running, kind } = now;
    const last = running.seen ? ` — last: ${running.seen}` : "";
    print(style.dim(`    ⋯ ${kind} ${running.label}: ${against(since(running), running.budgetMs)}${last}`));
  };
  cancelTimer = options.clock.setTimer(heartbeatMs, heartbeat);

  const handle = (event: ProgressEvent): void => {
    switch (event.kind) {
      case "phase-start": {
        phases.set(event.phase, {
          label: event.phase,
          startedAt: options.clock.now(),
          budgetMs: event.budgetMs,
        });
        if (quiet) return;
        const budget =
          event.budgetMs === undefined ? "" : style.dim(` (budget ${formatBudget(event.budgetMs)})`);
        print(
          `${style.cyan("▶")} ${event.phase}${budget}${event.detail ? style.dim(` — ${event.detail}`) : ""}`,
        );
        return;
      }
      case "phase-end": {
        const running = phases.get(event.phase);
        phases.delete(event.phase);
        const took = against(event.durationMs, running?.budgetMs);
        const detail = event.detail ? ` — ${event.detail}` : "";
        if (event.status === "ok") print(`${style.green("✔")} ${event.phase} ${style.dim(took)}${detail}`);
        else if (event.status === "failed") print(style.red(`✖ ${event.phase} failed (${took})${detail}`));
        else print(style.dim(`– ${event.phase} skipped${detail}`));
        return;
      }
      case "suite-start":
        if (!quiet) print(`${style.cyan("▶")} suite ${style.bold(event.title)}`);
        return;
      case "suite-end":
        return;
      case "case-start":
        currentCase = { label: event.name, startedAt: options.clock.now(), budgetMs: event.budgetMs };
        if (!quiet) print(style.dim(`  … ${event.name}`));
        return;
      case "case-end": {
        const budgetMs = currentCase?.label === event.name ? currentCase.budgetMs : undefined;
        currentCase = undefined;
        const took = against(event.durationMs, budgetMs);
        if (event.status === "passed") {
          if (!quiet) print(`  ${style.green("✔")} ${event.name} ${style.dim(took)}`);
        } else if (event.status === "skipped") {
          if (!quiet)
            print(style.dim(`  – ${event.name} skipped${event.message ? `: ${event.message}` : ""}`));
        } else {
          const mark = event.status === "broken" ? style.yellow("⚠") : style.red("✖");
          print(`  ${mark} ${event.name} ${style.dim(took)}`);
          if (event.message)
            print(
              `      ${event.status === "broken" ? style.yellow(event.message) : style.red(event.message)}`,
            );
        }
        return;
      }
      case "wait-start":
        waits.set(event.wait, {
          label: `${event.wait} (${event.expectation})`,
          startedAt: options.clock.now(),
          budgetMs: event.budgetMs,
        });
        if (verbose) print(style.dim(`    ⏳ ${event.wait} (budget ${formatBudget(event.budgetMs)})`));
        return;
      case "wait-seen": {
        const running = waits.get(event.wait);
        if (running) running.seen = event.seen;
        return;
      }
      case "wait-end":
        waits.delete(event.wait);
        if (verbose && event.ok)
          print(style.dim(`    ✔ ${event.wait} after ${formatDuration(event.elapsedMs)}`));
        return;
      case "tool-test":
        if (quiet) return;
        print(
          event.skipped === undefined
            ? `    [${event.index}/${event.total}] ${event.test}`
            : style.dim(`    [${event.index}/${event.total}] ${event.test} skipped (${event.skipped})`),
        );
        return;
      case "tool-failure":
        if (!quiet) print(style.red(`      ${event.line}`));
        return;
      case "note":
        if (!quiet) print(style.dim(`  ${event.text}`));
        return;
      case "detail":
        if (verbose) print(style.dim(`    ${event.line}`));
        return;
    }
  };

  return {
    handle,
    line: print,
    close() {
      cancelTimer?.();
      cancelTimer = undefined;
    },
  };
}
