// `--format junit`: one test case per rule, failed when the rule found an error; warnings and
// info go to the case's system-out so CI test viewers show them without failing the build.
import type { CheckRule, Finding } from "../finding.ts";
import { countFindings, sortFindings } from "./finding-counts.ts";
import { escapeXml } from "./xml-escape.ts";

export interface JunitReportOptions {
  durationMs: number;
  /** ISO time the check ran. */
  timestamp: string;
  suiteName?: string;
}

interface RuleCase {
  name: string;
  findings: Finding[];
}

export function renderJunitReport(
  findings: readonly Finding[],
  rules: readonly Pick<CheckRule, "id" | "title" | "emits">[],
  options: JunitReportOptions,
): string {
  const cases = ruleCases(sortFindings(findings), rules);
  const failures = cases.filter((c) => c.findings.some((f) => f.severity === "error")).length;
  const seconds = (options.durationMs / 1000).toFixed(3);
  const suite = escapeXml(options.suiteName ?? "cilium-conformance check");
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${suite}" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${suite}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${escapeXml(options.timestamp)}">`,
  ];
  for (const testCase of cases) lines.push(...renderCase(testCase));
  lines.push("  </testsuite>", "</testsuites>");
  return `${lines.join("\n")}\n`;
}

function ruleCases(
  findings: readonly Finding[],
  rules: readonly Pick<CheckRule, "id" | "title" | "emits">[],
): RuleCase[] {
  const claimed = new Set<Finding>();
  const cases = rules.map((rule) => {
    const ids = new Set([rule.id, ...(rule.emits ?? [])]);
    const own = findings.filter((f) => ids.has(f.id));
    for (const f of own) claimed.add(f);
    return { name: `${rule.id}: ${rule.title}`, findings: own };
  });
  // A finding no rule claims still gets a case, so nothing the checks said is lost.
  const orphans = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!claimed.has(f)) orphans.set(f.id, [...(orphans.get(f.id) ?? []), f]);
  }
  for (const [id, own] of orphans) cases.push({ name: id, findings: own });
  return cases;
}

function renderCase(testCase: RuleCase): string[] {
  const open = `    <testcase classname="cilium-conformance.check" name="${escapeXml(testCase.name)}" time="0"`;
  if (testCase.findings.length === 0) return [`${open}/>`];
  const errors = testCase.findings.filter((f) => f.severity === "error");
  const others = testCase.findings.filter((f) => f.severity !== "error");
  const lines = [`${open}>`];
  if (errors.length > 0) {
    const counts = countFindings(errors);
    const first = errors[0]!;
    const message = `${counts.errors} error${counts.errors === 1 ? "" : "s"}, first at ${first.file}:${first.line}`;
    lines.push(
      `      <failure message="${escapeXml(message)}" type="error">${escapeXml(errors.map(describe).join("\n\n"))}</failure>`,
    );
  }
  if (others.length > 0)
    lines.push(`      <system-out>${escapeXml(others.map(describe).join("\n\n"))}</system-out>`);
  lines.push("    </testcase>");
  return lines;
}

function describe(finding: Finding): string {
  return `${finding.severity} ${finding.id} at ${finding.file}:${finding.line}\n${finding.message}`;
}
