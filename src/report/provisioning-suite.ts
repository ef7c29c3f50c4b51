// The provisioning step as its own test case, `Infrastructure/Provisioning` (the name
// cilium-cli and Kubernetes harnesses use), so a run that never got a cluster still has a report
// that says why — as an infrastructure failure (exit 3), not a conformance failure. The same
// broken-case shape serves every infrastructure case (cluster access, suites run, teardown), so
// `up`, `test` and `run` write the same JUnit failure type for them.

import { ConformanceError } from "../errors.ts";
import { failureHeadline } from "./failure-headline.ts";
import type { ReportCase, ReportSuite } from "./report-model.ts";

export const PROVISIONING_CASE = "Infrastructure/Provisioning";

/** What broke, as plain data (an error, or what `up` recorded of one). */
export interface InfrastructureFailure {
  /** The phase that failed, e.g. `preflight`, `kind-cluster`, `cilium-ready`. */
  phase?: string | undefined;
  /** Stable error code, e.g. `CC_COMMAND_FAILED`. */
  code?: string | undefined;
  message: string;
  hint?: string | undefined;
}

export function failureOf(error: unknown, phase?: string): InfrastructureFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConformanceError) return { phase, code: error.code, message, hint: error.hint };
  return { phase, message };
}

/** A broken case flagged as infrastructure: headline with its causes, full text with the fix. */
export function infrastructureCase(
  name: string,
  failure: InfrastructureFailure,
  durationMs: number,
  details?: string,
): ReportCase {
  const code = failure.code ? `[${failure.code}] ` : "";
  // Skip the phase prefix when the message already starts with it ("preflight: …").
  const phase = failure.phase && !failure.message.startsWith(`${failure.phase}:`) ? `${failure.phase}: ` : "";
  const hint = failure.hint ? `\nfix: ${failure.hint}` : "";
  return {
    name,
    status: "broken",
    infrastructure: true,
    durationMs,
    failureMessage: `${phase}${code}${failureHeadline(failure.message)}`,
    failureText: `${phase}${code}${failure.message}${hint}`,
    ...(details ? { details } : {}),
  };
}

export interface ProvisioningResult {
  durationMs: number;
  /** The error that stopped provisioning; undefined when the cluster came up. */
  error?: unknown;
  /** The phase that failed, e.g. `preflight`, `kind create`, `cilium ready`. */
  failedPhase?: string;
}

export function provisioningSuite(result: ProvisioningResult): ReportSuite {
  if (result.error === undefined) {
    return {
      ...suiteShell(),
      cases: [{ name: PROVISIONING_CASE, status: "passed", durationMs: result.durationMs }],
    };
  }
  return {
    ...suiteShell(),
    cases: [
      infrastructureCase(PROVISIONING_CASE, failureOf(result.error, result.failedPhase), result.durationMs),
    ],
  };
}

export function suiteShell(): Omit<ReportSuite, "cases"> {
  return { name: "provisioning", title: "Provisioning", source: "provisioning" };
}
