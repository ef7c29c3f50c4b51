// A vitest reporter that replaces vitest's own console output during `test` and `run`: it turns
// vitest's reporter events (a suite file starts, a case is ready, a case has a result) into the
// harness's progress events, and re-emits the events the suite workers forward (their waits,
// cilium-cli's progress). No banner, no summary of its own: the harness prints the run's.
// Structural types only, so it is tested with plain objects shaped like vitest's.

import { emitProgress } from "../console/progress-events.ts";
import { receiveForwardedProgress } from "../console/progress-forwarding.ts";
import { failureHeadline } from "../report/failure-headline.ts";
import { SUITE_HOOKS_CASE, suiteIdentity } from "./vitest-results.ts";

interface ProgressTestCase {
  name: string;
  fullName: string;
  module: ProgressModule;
  options: { timeout?: number };
  result(): { state: string; errors?: readonly { message?: string; code?: unknown }[]; note?: string };
  diagnostic(): { duration: number } | undefined;
}

interface ProgressSuiteLike {
  type: string;
  fullName?: string;
  errors(): readonly { message?: string; code?: unknown }[];
  children: { array(): readonly unknown[] };
}

interface ProgressModule {
  moduleId: string;
  errors(): readonly { message?: string; code?: unknown }[];
  children: { array(): readonly unknown[] };
}

function message(error: { message?: string; code?: unknown } | undefined): string {
  if (!error) return "failed";
  const code = typeof error.code === "string" ? `[${error.code}] ` : "";
  return failureHeadline(`${code}${error.message ?? "error"}`);
}

function isInfrastructure(error: { code?: unknown } | undefined): boolean {
  return typeof error?.code === "string" && /^CC_(ENV_|COMMAND_FAILED|PROVISIONING_FAILED)/.test(error.code);
}

/**
 * Hook errors of the module and its describe blocks, as broken or failed cases named as the report
 * names them (vitest-results.ts), each once: vitest then reports the suite's tests as skipped,
 * and the console must say why before it lists them.
 */
function hookFailures(module: ProgressModule, suite: string, reported: Set<string>): void {
  const emit = (name: string, errors: readonly { message?: string; code?: unknown }[]) => {
    const [first] = errors;
    if (!first || reported.has(`${module.moduleId}#${name}`)) return;
    reported.add(`${module.moduleId}#${name}`);
    emitProgress({
      kind: "case-end",
      suite,
      name,
      status: errors.every(isInfrastructure) ? "broken" : "failed",
      durationMs: 0,
      message: message(first),
    });
  };
  const visit = (children: readonly unknown[]) => {
    for (const child of children as ProgressSuiteLike[]) {
      if (child.type !== "suite") continue;
      emit(`${child.fullName ?? "describe"} (hooks)`, child.errors());
      visit(child.children.array());
    }
  };
  emit(SUITE_HOOKS_CASE, module.errors());
  visit(module.children.array());
}

export function vitestProgressReporter() {
  const reported = new Set<string>();
  return {
    onTestModuleStart(module: ProgressModule) {
      const identity = suiteIdentity(module.moduleId);
      emitProgress({ kind: "suite-start", suite: identity.name, title: identity.title });
    },
    onTestModuleEnd(module: ProgressModule) {
      const identity = suiteIdentity(module.moduleId);
      hookFailures(module, identity.name, reported);
      emitProgress({ kind: "suite-end", suite: identity.name });
    },
    onTestCaseReady(test: ProgressTestCase) {
      emitProgress({
        kind: "case-start",
        suite: suiteIdentity(test.module.moduleId).name,
        name: test.fullName,
        ...(test.options.timeout ? { budgetMs: test.options.timeout } : {}),
      });
    },
    onTestCaseResult(test: ProgressTestCase) {
      const result = test.result();
      if (result.state === "skipped")
        hookFailures(test.module, suiteIdentity(test.module.moduleId).name, reported);
      const [first] = result.errors ?? [];
      const status =
        result.state === "passed"
          ? "passed"
          : result.state === "failed"
            ? result.errors?.every(isInfrastructure) && result.errors.length > 0
              ? "broken"
              : "failed"
            : "skipped";
      emitProgress({
        kind: "case-end",
        suite: suiteIdentity(test.module.moduleId).name,
        name: test.fullName,
        status,
        durationMs: Math.round(test.diagnostic()?.duration ?? 0),
        ...(status === "failed" || status === "broken"
          ? { message: message(first) }
          : result.note
            ? { message: result.note }
            : {}),
      });
    },
    onUserConsoleLog(log: { content: string }) {
      if (receiveForwardedProgress(log.content)) return;
      for (const line of log.content.replace(/\n$/, "").split("\n")) emitProgress({ kind: "detail", line });
    },
  };
}
