// vitest's reported results (TestModule → TestCase, the reporter API) turned into report suites.
// Structural types only, so the conversion is tested on plain objects shaped like vitest's.
// A failure whose error carries exit code 3 (EnvironmentError, KubeApiError, …: serialized with
// its own properties by vitest) is an infrastructure failure, not a broken promise. Errors of a
// suite's hooks (beforeAll/afterAll) become their own broken case: vitest then marks the suite's
// tests skipped, and the report must not read that as "skipped, fine". What a test attached through
// allure-js-commons (allure-vitest keeps it on the test's meta), and what a suite file attached
// outside any test (the harness keeps it on the file's meta), becomes attachment files of the
// report, referenced by the case.

import { readFileSync } from "node:fs";
import { ExitCode } from "../errors.ts";
import type { AttachmentSink } from "../report/attachment-files.ts";
import { failureHeadline } from "../report/failure-headline.ts";
import type { AttachmentRef, CaseStatus, ReportCase, ReportSuite } from "../report/report-model.ts";
import { isAttachmentMessage, runtimeMessagesOf } from "./allure-messages.ts";
import { notesOf } from "./case-notes.ts";
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
  /** vitest's TestDiagnostic: how long the test took and when it started (epoch ms). */
  diagnostic(): { duration: number; startTime?: number } | undefined;
  annotations(): readonly { type: string; message: string }[];
  /** The task's meta: allure-vitest keeps the test's runtime messages (attachments) here. */
  meta?(): Record<string, unknown>;
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
  /** What the harness attached outside any test (its afterAll) is kept here. */
  meta?(): Record<string, unknown>;
  children: { array(): readonly (ReportedTest | ReportedSuite)[] };
}

export function isInfrastructureError(error: ReportedError): boolean {
  if (error.exitCode === ExitCode.environment) return true;
  return typeof error.code === "string" && /^CC_(ENV_|COMMAND_FAILED|PROVISIONING_FAILED)/.test(error.code);
}

/**
 * `expect(ok, "why").toBe(true)` fails as "why: expected false to be true // Object.is equality",
 * `expect(address, "why").toBeTruthy()` as "why: expected undefined to be truthy": after the suite's
 * own words such a comparison of a literal says nothing, so the one-line message drops it (the full
 * text keeps it). Other comparisons (a list that should be empty) carry the finding.
 */
const BOOLEAN_ASSERTION_TAIL =
  /: expected (?:true|false|undefined|null) to be (?:true|false|truthy|falsy|defined)(?: \/\/ Object\.is equality)?$/;

function describeError(error: ReportedError): { message: string; text: string } {
  const code = typeof error.code === "string" ? `[${error.code}] ` : "";
  const message = `${code}${error.message ?? error.name ?? "error"}`;
  const frames = error.stack ? ownFrames(error.stack) : "";
  const [first = "", ...rest] = message.split("\n");
  const words = first.replace(BOOLEAN_ASSERTION_TAIL, "");
  const said = words !== first && words.trim() !== "";
  return {
    message: failureHeadline(said ? [words, ...rest].join("\n") : message),
    text: frames ? `${message}\n\n${frames}` : message,
  };
}

/**
 * The stack's frames in the harness's own code: frames inside node_modules (vitest, chai,
 * client-node) and Node's internals say nothing about which promise failed.
 */
export function ownFrames(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .filter((line) => !/node_modules|node:internal|\(node:|^\s+at node:/.test(line))
    .map((line) => line.trim())
    .join("\n");
}

/** The case a suite file's load or hook errors (beforeAll/afterAll) become, in every report. */
export const SUITE_HOOKS_CASE = "suite file (load or hooks)";

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

/**
 * The attachments on a task's meta (a test's, or a suite file's from its afterAll) saved through
 * the sink; unreadable ones are skipped.
 */
export function attachmentsOf(
  task: { meta?(): Record<string, unknown> },
  suite: string,
  sink: AttachmentSink | undefined,
): AttachmentRef[] {
  if (!sink || !task.meta) return [];
  const refs: AttachmentRef[] = [];
  for (const message of runtimeMessagesOf(task.meta())) {
    if (!isAttachmentMessage(message)) continue;
    const { data } = message;
    let bytes: Uint8Array;
    try {
      if (message.type === "attachment_content" && typeof data.content === "string") {
        bytes = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
      } else if (message.type === "attachment_path" && typeof data.path === "string") {
        bytes = readFileSync(data.path);
      } else continue;
    } catch {
      continue;
    }
    refs.push(
      sink(suite, {
        name: typeof data.name === "string" ? data.name : "attachment",
        contentType: typeof data.contentType === "string" ? data.contentType : "text/plain",
        extension: typeof data.fileExtension === "string" ? data.fileExtension : undefined,
        bytes,
      }),
    );
  }
  return refs;
}

function testCase(test: ReportedTest, hookFailed: boolean, suite: string, sink?: AttachmentSink): ReportCase {
  const result = test.result();
  const diagnostic = test.diagnostic();
  const durationMs = Math.round(diagnostic?.duration ?? 0);
  const started = diagnostic?.startTime;
  const figures = figuresOf(test.annotations());
  const notes = notesOf(test.annotations());
  const attachments = attachmentsOf(test, suite, sink);
  const extra = {
    ...(started !== undefined && Number.isFinite(started)
      ? { startedAt: new Date(started).toISOString() }
      : {}),
    ...(notes.length > 0 ? { details: notes.join("\n") } : {}),
    ...(figures.length > 0 ? { figures } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
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
  suite: string,
  sink: AttachmentSink | undefined,
): void {
  for (const child of children) {
    if (child.type === "test") {
      cases.push(testCase(child, hookFailed, suite, sink));
      continue;
    }
    const errors = child.errors();
    if (errors.length > 0) cases.push(failedCase(`${child.fullName} (hooks)`, errors, 0));
    collect(child.children.array(), hookFailed || errors.length > 0, cases, suite, sink);
  }
}

/** The catalog id and title of a suite file, or its file name when it is not in the catalog. */
export function suiteIdentity(moduleId: string): { name: string; title: string } {
  const entry = suiteCatalog.find((suite) => moduleId.endsWith(suite.file));
  if (entry) return { name: entry.id, title: entry.title };
  const file = moduleId.split("/").pop() ?? moduleId;
  return { name: file, title: file };
}

export function reportSuitesFromVitest(
  modules: readonly ReportedModule[],
  sink?: AttachmentSink,
): ReportSuite[] {
  return modules.map((module) => {
    const identity = suiteIdentity(module.moduleId);
    const cases: ReportCase[] = [];
    const errors = module.errors();
    const fileAttachments = attachmentsOf(module, identity.name, sink);
    if (errors.length > 0) cases.push(failedCase(SUITE_HOOKS_CASE, errors, 0));
    collect(module.children.array(), errors.length > 0, cases, identity.name, sink);
    giveFileAttachments(cases, fileAttachments, errors.length > 0);
    return { ...identity, source: "vitest", cases };
  });
}

/**
 * What the suite file attached outside any test (its afterAll): on its setup case when the file's
 * hooks failed; otherwise (an attached, not thrown, cleanup problem) on its last case, named as
 * coming from the file's hooks, so it is neither lost nor counted as a case of its own.
 */
function giveFileAttachments(cases: ReportCase[], attachments: AttachmentRef[], hooksFailed: boolean): void {
  if (attachments.length === 0) return;
  const index = hooksFailed ? 0 : cases.length - 1;
  const target = cases[index];
  if (!target) return;
  const named = hooksFailed
    ? attachments
    : attachments.map((attachment) => ({ ...attachment, name: `suite hooks: ${attachment.name}` }));
  cases[index] = { ...target, attachments: [...(target.attachments ?? []), ...named] };
}
