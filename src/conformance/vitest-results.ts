// vitest's reported results (TestModule → TestCase, the reporter API) turned into report suites.
// Structural types only, so the conversion is tested on plain objects shaped like vitest's.
// A failure whose error carries exit code 3 (EnvironmentError, KubeApiError, …: serialized with
// its own properties by vitest) is an infrastructure failure, not a broken promise. Errors of a
// suite's hooks (beforeAll/afterAll) become their own broken case: vitest then marks the suite's
// tests skipped, and the report must not read that as "skipped, fine".

import { ExitCode } from "../errors.ts";
import type { CaseStatus, ReportCase, ReportSuite } from "../report/report-model.ts";
import { suiteCatalog } from "./suite-catalog.ts";
import { figuresOf } from "./suite-figures.ts";

export interface ReportedError {
  message?: string;
  stack?: string;
  name?: string;
  code?: unknown;
  exitCode?: unknown;
}

export interface ReportedTest {
  type: "test";
  name: string;
  fullName: string;
  result(): {
    state: "passed" | "failed" | "skipped" | "pending";
    errors?: readonly ReportedError[];
    note?: string;
  };
  diagnostic(): { duration: number } | undefined;
  annotations(): readonly { type: string; message: string }[];
}

export interface ReportedSuite {
  type: "suite";
  fullName: string;
  errors(): readonly ReportedError[];
  children: { array(): readonly (ReportedTest | ReportedSuite)[] };
}

export interface ReportedModule {
  moduleId: string;
  errors(): readonly ReportedError[];
  children: { array(): readonly (ReportedTest | ReportedSuite)[] };
}

export function isInfrastructureError(error: ReportedError): boolean {
  if (error.exitCode === ExitCode.environment) return true;
  return typeof error.code === "string" && /^CC_(ENV_|COMMAND_FAILED|PROVISIONING_FAILED)/.test(error.code);
}

function describeError(error: ReportedError): { message: string; text: string } {
  const code = typeof error.code === "string" ? `[${error.code}] ` : "";
  const message = `${code}${error.message ?? error.name ?? "error"}`;
  return {
    message: message.split("\n")[0] ?? message,
    text: error.stack ? `${message}\n\n${error.stack}` : message,
  };
}

function failedCase(name: string, errors: readonly ReportedError[], durationMs: number): ReportCase {
  const first = errors[0] ?? {};
  const { message } = describeError(first);
  const infrastructure = errors.length > 0 && errors.every(isInfrastructureError);
  return {
    name,
    status: "failed",
    durationMs,
    failureMessage: message,
    failureText: errors.map((error) => describeError(error).text).join("\n\n---\n\n"),
    ...(infrastructure ? { infrastructure: true, status: "broken" as CaseStatus } : {}),
  };
}

function testCase(test: ReportedTest, hookFailed: boolean): ReportCase {
  const result = test.result();
  const durationMs = Math.round(test.diagnostic()?.duration ?? 0);
  const figures = figuresOf(test.annotations());
  const extra = figures.length > 0 ? { figures } : {};
  if (result.state === "failed")
    return { ...failedCase(test.fullName, result.errors ?? [], durationMs), ...extra };
  if (result.state === "skipped" || result.state === "pending") {
    const reason =
      result.note ??
      (hookFailed ? "not run: the suite's setup failed (see its hooks case)" : "skipped without a reason");
    return { name: test.fullName, status: "skipped", durationMs, skipReason: reason, ...extra };
  }
  return { name: test.fullName, status: "passed", durationMs, ...extra };
}

function collect(
  children: readonly (ReportedTest | ReportedSuite)[],
  hookFailed: boolean,
  cases: ReportCase[],
): void {
  for (const child of children) {
    if (child.type === "test") {
      cases.push(testCase(child, hookFailed));
      continue;
    }
    const errors = child.errors();
    if (errors.length > 0) cases.push(failedCase(`${child.fullName} (hooks)`, errors, 0));
    collect(child.children.array(), hookFailed || errors.length > 0, cases);
  }
}

/** The catalog id and title of a suite file, or its file name when it is not in the catalog. */
export function suiteIdentity(moduleId: string): { name: string; title: string } {
  const entry = suiteCatalog.find((suite) => moduleId.endsWith(suite.file));
  if (entry) return { name: entry.id, title: entry.title };
  const file = moduleId.split("/").pop() ?? moduleId;
  return { name: file, title: file };
}

export function reportSuitesFromVitest(modules: readonly ReportedModule[]): ReportSuite[] {
  return modules.map((module) => {
    const cases: ReportCase[] = [];
    const errors = module.errors();
    if (errors.length > 0) cases.push(failedCase("suite file (load or hooks)", errors, 0));
    collect(module.children.array(), errors.length > 0, cases);
    return { ...suiteIdentity(module.moduleId), source: "vitest", cases };
  });
}
