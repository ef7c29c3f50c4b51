// The JUnit file for CI (reports/<run-id>/junit.xml): one <testsuite> per report suite, one
// <testcase> per case — each connectivity test and the `Infrastructure/Provisioning` case too.
// Failed → <failure>, broken → <error>, skipped → <skipped message>. Valid XML (checked by
// re-parsing strictly in the tests): no duplicate attributes, everything escaped.

import { figureAmount } from "./figure-text.ts";
import type { ReportCase, ReportModel, ReportSuite } from "./report-model.ts";
import { countCases, firstLine, suiteDurationMs } from "./report-verdict.ts";
import { escapeXmlAttribute as attr, escapeXmlText as text } from "./xml-escape.ts";

export function renderJunit(model: ReportModel): string {
  const suites = model.suites;
  const all = countCases(suites.flatMap((suite) => suite.cases));
  const totalMs = suites.reduce((sum, suite) => sum + suiteDurationMs(suite), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`cilium-conformance ${model.run.runId}`)}" tests="${all.total}" failures="${all.failed}" errors="${all.broken}" skipped="${all.skipped}" time="${seconds(totalMs)}">`,
  ];
  for (const suite of suites) lines.push(...renderSuite(suite, model));
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

function renderSuite(suite: ReportSuite, model: ReportModel): string[] {
  const counts = countCases(suite.cases);
  const lines = [
    `  <testsuite name="${attr(suite.name)}" tests="${counts.total}" failures="${counts.failed}" errors="${counts.broken}" skipped="${counts.skipped}" time="${seconds(suiteDurationMs(suite))}" timestamp="${attr(model.run.startedAt)}">`,
  ];
  const properties = Object.entries({
    runId: model.run.runId,
    suiteTitle: suite.title,
    ...Object.fromEntries(
      Object.entries(model.run.versions).map(([key, value]) => [`version.${key}`, value]),
    ),
  }).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  lines.push("    <properties>");
  for (const [name, value] of properties) {
    lines.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
  }
  lines.push("    </properties>");
  for (const testCase of suite.cases) lines.push(...renderCase(suite, testCase));
  lines.push("  </testsuite>");
  return lines;
}

function renderCase(suite: ReportSuite, testCase: ReportCase): string[] {
  const open = `    <testcase name="${attr(testCase.name)}" classname="${attr(suite.name)}" time="${seconds(testCase.durationMs)}"`;
  const body: string[] = [];
  const message = testCase.failureMessage ?? firstLine(testCase.failureText);
  const detail = testCase.failureText ?? testCase.failureMessage ?? "";
  if (testCase.status === "failed") {
    body.push(`      <failure message="${attr(message)}" type="failure">${text(detail)}</failure>`);
  } else if (testCase.status === "broken") {
    const type = testCase.infrastructure ? "infrastructure" : "error";
    body.push(`      <error message="${attr(message)}" type="${type}">${text(detail)}</error>`);
  } else if (testCase.status === "skipped") {
    body.push(`      <skipped message="${attr(testCase.skipReason ?? "skipped")}"/>`);
  }
  const out = systemOut(testCase);
  if (out) body.push(`      <system-out>${text(out)}</system-out>`);
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, "    </testcase>"];
}

/** Figures, details and attachment paths, so CI's JUnit view carries them too. */
function systemOut(testCase: ReportCase): string {
  const lines: string[] = [];
  if (testCase.details) lines.push(testCase.details);
  for (const figure of testCase.figures ?? []) {
    const limit = figure.limit === undefined ? "" : ` (limit ${figureAmount(figure.limit, figure.unit)})`;
    lines.push(
      `${figure.name}: ${figureAmount(figure.value, figure.unit)}${limit}${figure.note ? ` — ${figure.note}` : ""}`,
    );
  }
  for (const attachment of testCase.attachments ?? [])
    lines.push(`attachment: ${attachment.name} → ${attachment.path}`);
  return lines.join("\n");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
