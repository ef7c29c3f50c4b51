// Turns a connectivity test outcome into a report suite: each of the tool's tests is its own case
// with its failure text; an infrastructure outcome adds a broken case that says why no verdict
// exists (so a crash can never read as "0 failed").

import type { ReportCase, ReportSuite } from "../report/report-model.ts";
import { oneLine } from "../text/one-line.ts";
import { type ConnectivityCase, isSetupCase } from "./connectivity-junit.ts";
import type { ConnectivityOutcome } from "./connectivity-runner.ts";

export const CONNECTIVITY_SUITE = "connectivity";
export const CONNECTIVITY_RUN_CASE = "cilium connectivity test run";
/** The longest cilium-cli failure message a case's headline quotes. */
const MESSAGE_LIMIT = 200;

export function connectivitySuite(outcome: ConnectivityOutcome): ReportSuite {
  const cases = (outcome.junit?.cases ?? []).map(toReportCase);
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
