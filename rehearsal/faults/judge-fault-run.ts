// Did a rehearsal run catch the fault(s) injected into it (issue 12 "Done when")? Judged from the
// run's own evidence, never from its log: the exit code must be the faults' class (conformance 1,
// infrastructure 3); each fault's named case must be red with a failure message that names the
// cause (Fault.cause); every other live case must be green unless a fault lists it as a
// consequence; diagnostics must have been collected (at least one collector that read the
// cluster: a collector run after cleanup can only fail) where the failure happened; and no docker
// object of the run may be left. Static checks are not part of the live run and are not judged.

import type { ReportCase, ReportModel, ReportSuite } from "../../src/report/report-model.ts";
import type { Fault } from "./catalogue.ts";

export interface FaultRunEvidence {
  /** The rehearsal's exit code (run's). */
  exitCode: number;
  /** reports/<run-id>/report.json, undefined when the run wrote none. */
  report: ReportModel | undefined;
  /** Files under the report folder, relative to it, with `/` separators. */
  files: readonly string[];
  /** Docker objects of the run still there after run's own `down` (rehearse.ts records them). */
  leftovers: readonly string[] | undefined;
}

export interface FaultVerdict {
  fault: string;
  caught: boolean;
  /** One line per unmet condition; empty when caught. */
  problems: string[];
}

export interface RunVerdict {
  caught: boolean;
  faults: FaultVerdict[];
  /** Conditions of the run as a whole (exit code, other red cases, leftovers). */
  problems: string[];
}

export const EXIT_CODE_OF_CLASS: Record<Fault["class"], number> = { conformance: 1, infrastructure: 3 };
const PROVISIONING_SUITE = "provisioning";

/**
 * A report names a suite's case with its describe block in front ("Gateway API > HTTP no route for
 * /cc-unrouted: 404", as vitest's full name gives it); the catalogue names the test itself.
 */
export function isCaseNamed(reportName: string, catalogueName: string): boolean {
  return reportName === catalogueName || reportName.endsWith(` > ${catalogueName}`);
}

function isRed(testCase: ReportCase): boolean {
  return testCase.status === "failed" || testCase.status === "broken";
}

function liveSuites(report: ReportModel): ReportSuite[] {
  return report.suites.filter((suite) => suite.source !== "static-checks");
}

function suiteOf(report: ReportModel, fault: Fault): ReportSuite | undefined {
  return liveSuites(report).find((suite) => suite.name === fault.suite);
}

/** Where the fault's diagnostics belong: `diagnostics/` for `up`, `suites/<suite>/` for a suite. */
export function diagnosticsPrefix(fault: Fault): string {
  return fault.suite === PROVISIONING_SUITE ? "diagnostics/" : `suites/${fault.suite}/`;
}

function collectedDiagnostics(files: readonly string[], prefix: string): string[] {
  return files.filter(
    (file) =>
      file.startsWith(prefix) &&
      /(^|\/)diagnostics\/[^/]+/.test(file) &&
      !file.endsWith("/index.json") &&
      !file.endsWith(".error.txt"),
  );
}

function judgeFault(fault: Fault, evidence: FaultRunEvidence, report: ReportModel): FaultVerdict {
  const problems: string[] = [];
  const suite = suiteOf(report, fault);
  const testCase = suite?.cases.find((c) => isCaseNamed(c.name, fault.case));
  if (!suite) {
    problems.push(`suite ${fault.suite} is not in the report`);
  } else if (!testCase) {
    problems.push(`case "${fault.case}" is not in suite ${fault.suite}`);
  } else if (!isRed(testCase)) {
    problems.push(`case "${fault.case}" is ${testCase.status}, not red`);
  } else {
    const infrastructure = testCase.infrastructure === true || suite.source === "provisioning";
    if (infrastructure !== (fault.class === "infrastructure")) {
      problems.push(
        `case "${fault.case}" is red as ${infrastructure ? "an infrastructure" : "a conformance"} failure, the fault is ${fault.class}`,
      );
    }
    const message = testCase.failureMessage?.trim() ?? "";
    if (message === "") problems.push(`case "${fault.case}" is red without a failure message`);
    const text = `${message}\n${testCase.failureText ?? ""}`;
    if (!fault.cause.test(text)) {
      problems.push(
        `case "${fault.case}" does not name the cause (${fault.cause}): ${message.slice(0, 300) || "(empty)"}`,
      );
    }
  }
  const prefix = diagnosticsPrefix(fault);
  if (collectedDiagnostics(evidence.files, prefix).length === 0) {
    problems.push(`no diagnostics collected under ${prefix} (none, or only failed collectors)`);
  }
  return { fault: fault.name, caught: problems.length === 0, problems };
}

/** Judges one run in which `faults` (one, or several in different suites) were active. */
export function judgeFaultRun(faults: readonly Fault[], evidence: FaultRunEvidence): RunVerdict {
  const problems: string[] = [];
  const report = evidence.report;
  const expectedExit = Math.max(...faults.map((fault) => EXIT_CODE_OF_CLASS[fault.class]));
  if (evidence.exitCode !== expectedExit) {
    problems.push(`exit code ${evidence.exitCode}, expected ${expectedExit}`);
  }
  if (evidence.leftovers === undefined) {
    problems.push("no record of the docker objects left after the run (rehearsal.json)");
  } else if (evidence.leftovers.length > 0) {
    problems.push(`docker objects left after the run: ${evidence.leftovers.join(", ")}`);
  }
  if (!report) {
    problems.push("the run wrote no report.json");
    return {
      caught: false,
      problems,
      faults: faults.map((fault) => ({ fault: fault.name, caught: false, problems: ["no report"] })),
    };
  }
  const allowed = faults.flatMap((fault) => [
    { suite: fault.suite, case: fault.case },
    ...(fault.consequences ?? []).map((c) => ({ suite: c.suite ?? fault.suite, case: c.case })),
  ]);
  for (const suite of liveSuites(report)) {
    for (const testCase of suite.cases) {
      const expected = allowed.some((a) => a.suite === suite.name && isCaseNamed(testCase.name, a.case));
      if (!isRed(testCase) || expected) continue;
      problems.push(
        `another case is red: ${suite.name} "${testCase.name}": ${(testCase.failureMessage ?? "").slice(0, 200)}`,
      );
    }
  }
  const verdicts = faults.map((fault) => judgeFault(fault, evidence, report));
  return {
    caught: problems.length === 0 && verdicts.every((verdict) => verdict.caught),
    faults: verdicts,
    problems,
  };
}
