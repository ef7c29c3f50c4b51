// Turns a connectivity test outcome into a report suite: each of the tool's tests is its own case
// with its failure text; an infrastructure outcome adds a broken case that says why no verdict
// exists (so a crash can never read as "0 failed").

import type { ReportCase, ReportSuite } from "../report/report-model.ts";
import { oneLine } from "../text/one-line.ts";
import { type ConnectivityCase, isSetupCase } from "./connectivity-junit.ts";
import type { ConnectivityOutcome } from "./connectivity-runner.ts";

export const CONNECTIVITY_SUITE = "connectivity";
export const CONNECTIVITY_RUN_CASE = "cilium connectivity test run";
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** The longest cilium-cli failure message a case's headline quotes. */
const MESSAGE_LIMIT = 200;

export function connectivitySuite(outcome: ConnectivityOutcome): ReportSuite {
  const cases = (outcome.junit?.cases ?? []).map(toReportCase);
  placeInTime(cases, outcome.junit?.timestamp);
  if (outcome.kind === "infrastructure") {
    const provisioning = cases.find((c) => isSetupCase(c.name));
    if (provisioning) {
      provisioning.status = "broken";
      provisioning.infrastructure = true;
    } else {
      cases.unshift({
        name: CONNECTIVITY_RUN_CASE,
        status: "broken",
        infrastructure: true,
        durationMs: outcome.durationMs,
        failureMessage: outcome.reason.split("\n")[0] ?? outcome.reason,
        failureText: `${outcome.reason}\n\ncommand: ${outcome.command}`,
      });
    }
  }
  return { name: CONNECTIVITY_SUITE, title: "cilium connectivity test", source: "connectivity", cases };
}

/**
 * Start times from cilium-cli's JUnit: its suite timestamp is the first test's start (check/junit.go
 * Collect, whole seconds) and each case has its duration, so a case starts after the ones before it
 * (with --test-concurrency above 1 some of them ran side by side: the times are then an upper bound).
 */
function placeInTime(cases: ReportCase[], timestamp: string | undefined): void {
  // RFC 3339 only: a time without its zone is not a moment (and older cilium-cli wrote Go's layout
  // string itself, "2006-01-02T15:04:05Z07:00").
  if (!timestamp || !RFC3339.test(timestamp)) return;
  const first = Date.parse(timestamp);
  if (!Number.isFinite(first)) return;
  let at = first;
  for (const testCase of cases) {
    testCase.startedAt = new Date(at).toISOString();
    at += Math.max(0, testCase.durationMs);
  }
}

function toReportCase(c: ConnectivityCase): ReportCase {
  const base: ReportCase = { name: c.name, status: c.status, durationMs: c.durationMs };
  if (c.status === "skipped") return { ...base, skipReason: c.message ?? "skipped by cilium-cli" };
  if (c.status === "passed") return base;
  const detailed = c.failureMessages.length > 0 ? `${c.failureMessages.join("\n")}\n\n` : "";
  const firstAction = c.failedActions[0];
  // The first action names where; cilium-cli's first failure message says why (e.g. check-log-errors'
  // "Non-zero (1) restart count of …", which the action's name alone never shows).
  const why = c.failureMessages[0] ? ` — ${oneLine(c.failureMessages[0], MESSAGE_LIMIT)}` : "";
  const headline = firstAction
    ? `${c.failedActions.length} action(s) failed, first ${firstAction.scenario}:${firstAction.action}${firstAction.peers ? ` (${firstAction.peers})` : ""}${why}`
    : (c.failureMessages[0] ?? c.message ?? `${c.name} failed`);
  return {
    ...base,
    failureMessage: headline,
    failureText: `${detailed}${c.failureText ?? c.message ?? "cilium-cli gave no failure text"}`,
  };
}
