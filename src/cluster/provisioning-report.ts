// The report of a provisioning failure: a minimal JUnit file whose one test case,
// `Infrastructure/Provisioning`, fails with the phase and the reason (the same case name the
// cilium CLI uses for a setup failure), plus provisioning.json with the phases and diagnostics.
// src/report/ can take this over later; the file names stay.

import { writeFile } from "node:fs/promises";

export interface ProvisioningOutcome {
  runId: string;
  status: "passed" | "failed";
  /** Phase that failed, e.g. `kind-cluster`. */
  failedPhase?: string;
  /** Error code, e.g. `CC_COMMAND_FAILED`. */
  errorCode?: string;
  message?: string;
  startedAt: string;
  durationMs: number;
  phaseDurationsMs: Record<string, number>;
  /** Diagnostics collected, by collector: the file written or why it failed. */
  diagnostics: { collector: string; file?: string; error?: string }[];
  /** What happened to the cluster and network afterwards. */
  cleanup: string;
}

export const PROVISIONING_CASE = "Infrastructure/Provisioning";

export function provisioningJunit(outcome: ProvisioningOutcome): string {
  const seconds = (outcome.durationMs / 1000).toFixed(3);
  const failed = outcome.status === "failed";
  const details = [
    `run: ${outcome.runId}`,
    ...(outcome.failedPhase ? [`failed phase: ${outcome.failedPhase}`] : []),
    "phases:",
    ...Object.entries(outcome.phaseDurationsMs).map(([phase, ms]) => `  ${phase}: ${ms} ms`),
    "diagnostics:",
    ...outcome.diagnostics.map(
      (d) => `  ${d.collector}: ${d.file ?? `not collected (${d.error ?? "unknown"})`}`,
    ),
    `cleanup: ${outcome.cleanup}`,
  ].join("\n");
  const failure = failed
    ? `      <failure message="${escapeXml(firstLine(outcome.message ?? "provisioning failed"))}" type="${escapeXml(outcome.errorCode ?? "failure")}">${escapeXml(outcome.message ?? "")}</failure>\n`
    : "";
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cilium-conformance" tests="1" failures="${failed ? 1 : 0}" time="${seconds}">`,
    `  <testsuite name="provisioning" tests="1" failures="${failed ? 1 : 0}" errors="0" skipped="0" time="${seconds}" timestamp="${escapeXml(outcome.startedAt)}">`,
    `    <testcase name="${PROVISIONING_CASE}" classname="cilium-conformance" time="${seconds}">`,
    `${failure}      <system-out>${escapeXml(details)}</system-out>`,
    "    </testcase>",
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

export async function writeProvisioningReport(
  paths: { junit: string; provisioning: string },
  outcome: ProvisioningOutcome,
): Promise<void> {
  await writeFile(paths.junit, provisioningJunit(outcome));
  await writeFile(paths.provisioning, `${JSON.stringify(outcome, null, 2)}\n`);
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids even when escaped (ANSI escapes from tools) are dropped.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  return clean
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
