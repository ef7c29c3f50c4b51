// The provisioning step as its own test case, `Infrastructure/Provisioning` (the name
// cilium-cli and Kubernetes harnesses use), so a run that never got a cluster still has a report
// that says why — as an infrastructure failure (exit 3), not a conformance failure.

import { ConformanceError } from "../errors.ts";
import type { ReportSuite } from "./report-model.ts";

export const PROVISIONING_CASE = "Infrastructure/Provisioning";

export interface ProvisioningResult {
  durationMs: number;
  /** The error that stopped provisioning; undefined when the cluster came up. */
  error?: unknown;
  /** The phase that failed, e.g. `preflight`, `kind create`, `cilium ready`. */
  failedPhase?: string;
}

export function provisioningSuite(result: ProvisioningResult): ReportSuite {
  const base = { name: PROVISIONING_CASE, durationMs: result.durationMs };
  if (result.error === undefined) {
    return { ...suiteShell(), cases: [{ ...base, status: "passed" }] };
  }
  const error = result.error;
  const code = error instanceof ConformanceError ? `[${error.code}] ` : "";
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof ConformanceError && error.hint ? `\nfix: ${error.hint}` : "";
  // Skip the phase prefix when the message already starts with it ("preflight: …").
  const phase =
    result.failedPhase && !message.startsWith(`${result.failedPhase}:`) ? `${result.failedPhase}: ` : "";
  return {
    ...suiteShell(),
    cases: [
      {
        ...base,
        status: "broken",
        infrastructure: true,
        failureMessage: `${phase}${code}${message.split("\n")[0] ?? message}`,
        failureText: `${phase}${code}${message}${hint}`,
      },
    ],
  };
}

function suiteShell(): Omit<ReportSuite, "cases"> {
  return { name: "provisioning", title: "Provisioning", source: "provisioning" };
}
