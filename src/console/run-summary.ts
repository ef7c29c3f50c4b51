// The end of a run on the console: the verdict first, then what failed (suite › case, the first
// line of why, where to look), the counts — the very counts junit.xml, summary.md, report.json and
// Allure carry, since all of them are the same report model — and the report's paths.

import { plainStyle, type TerminalStyle } from "../checks/format/terminal-style.ts";
import { failureHeadline } from "../report/failure-headline.ts";
import type { ReportCase, ReportModel, ReportSuite } from "../report/report-model.ts";
import type { ReportPaths } from "../report/report-paths.ts";
import {
  countCases,
  problemCases,
  reportVerdict,
  suiteVerdict,
  type Verdict,
  verdictExitCode,
  verdictSentence,
} from "../report/report-verdict.ts";
import { isStackFrame } from "../text/telling-line.ts";

const HEADLINE: Record<Verdict, string> = {
  passed: "✔ PASSED",
  failed: "✖ FAILED",
  infrastructure: "⚠ INFRASTRUCTURE FAILURE",
};

export interface RunSummaryOptions {
  style?: TerminalStyle;
  /** Paths as the user should see them (relative to the working directory when inside it). */
  show?: (path: string) => string;
}

/** `43 passed, 2 failed, 1 broken, 2 skipped of 48`: the one way every output counts cases. */
export function describeCaseCounts(cases: readonly ReportCase[]): string {
  const counts = countCases(cases);
  const parts = (["passed", "failed", "broken", "skipped"] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`);
  return `${parts.join(", ") || "no cases"} of ${counts.total}`;
}

/** Where to look for a failed case: its attachments, else the files its kind of failure leaves. */
export function whereToLook(suite: ReportSuite, testCase: ReportCase, paths: ReportPaths): string[] {
  const attached = (testCase.attachments ?? []).map((attachment) => `${paths.dir}/${attachment.path}`);
  if (attached.length > 0) {
    const folders = [...new Set(attached.map((path) => path.slice(0, path.lastIndexOf("/") + 1)))];
    return folders.length === 1 && attached.length > 2 ? folders : attached.slice(0, 3);
  }
  if (suite.source === "static-checks") return [];
  if (suite.source === "connectivity") return [`${paths.dir}/connectivity/`];
  if (suite.source === "provisioning") return [paths.diagnostics, `${paths.dir}/transcript.json`];
  return [`${paths.dir}/suites/${suite.name}/`];
}

export function renderRunSummary(
  model: ReportModel,
  paths: ReportPaths,
  options: RunSummaryOptions = {},
): string {
  const style = options.style ?? plainStyle;
  const show = options.show ?? ((path: string) => path);
  const verdict = reportVerdict(model);
  const paint = verdict === "passed" ? style.green : verdict === "failed" ? style.red : style.yellow;
  const out: string[] = ["", paint(style.bold(`${HEADLINE[verdict]} — ${verdictSentence(model)}`))];

  const problems = problemCases(model);
  if (problems.length > 0) {
    out.push("", style.bold("What failed:"));
    for (const { suite, testCase } of problems) {
      const mark = testCase.status === "broken" ? style.yellow("⚠") : style.red("✖");
      out.push(`  ${mark} ${suite.title} › ${testCase.name}`);
      if (testCase.infrastructure && testCase.failureText?.includes("\n")) {
        // An infrastructure failure lists its causes and fixes on the lines after its first: all of them.
        // Stack frames stay in summary.md and Allure, where a developer reads them.
        const [first, ...rest] = testCase.failureText.split("\n");
        const causes = rest.filter((line) => !isStackFrame(line));
        while (causes.length > 0 && causes.at(-1)?.trim() === "") causes.pop();
        out.push(`      ${first}`, ...causes.map((line) => style.dim(`      ${line}`)));
      } else {
        out.push(
          `      ${failureHeadline(testCase.failureMessage ?? testCase.failureText) || "(no message)"}`,
        );
      }
      const look = whereToLook(suite, testCase, paths);
      if (look.length > 0) out.push(style.dim(`      look at: ${look.map(show).join(", ")}`));
    }
  }

  const all = model.suites.flatMap((suite) => suite.cases);
  out.push("", `${style.bold("Cases:")} ${describeCaseCounts(all)}`);
  for (const suite of model.suites) {
    const mark =
      suiteVerdict(suite) === "passed"
        ? suite.cases.every((c) => c.status === "skipped")
          ? style.dim("–")
          : style.green("✔")
        : suiteVerdict(suite) === "failed"
          ? style.red("✖")
          : style.yellow("⚠");
    out.push(`  ${mark} ${suite.title}: ${describeCaseCounts(suite.cases)}`);
  }

  out.push(
    "",
    style.bold("Report:"),
    `  summary     ${show(paths.summary)}`,
    `  junit       ${show(paths.junit)}`,
    `  allure      ${show(paths.allureResults)} (HTML: cilium-conformance report --run-dir ${show(paths.dir)})`,
    `  data        ${show(paths.model)}`,
    "",
    style.dim(`exit ${verdictExitCode(verdict)}`),
    "",
  );
  return out.join("\n");
}
