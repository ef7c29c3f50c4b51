// Each suite works in its own namespace `cc-<suite>-<run-id>`, labelled with the run id so that
// leftovers are found by label, and with the suite so a human sees whose it is.

import { MANAGED_LABEL, RUN_ID_LABEL } from "../cluster/harness-labels.ts";

export const SUITE_LABEL = "io.cilium-conformance/suite";

/** A namespace name is a DNS label: at most 63 characters. */
const MAX_NAMESPACE = 63;

export function suiteNamespaceName(suite: string, runId: string): string {
  const name = `cc-${suite}-${runId}`.toLowerCase();
  if (name.length <= MAX_NAMESPACE) return name;
  // Keep the run id whole (it is what ties the namespace to the run) and shorten the suite.
  const room = MAX_NAMESPACE - `cc--${runId}`.length;
  return `cc-${suite.slice(0, Math.max(1, room)).replace(/-+$/, "")}-${runId}`.toLowerCase();
}

export function suiteLabels(suite: string, runId: string): Record<string, string> {
  return { [RUN_ID_LABEL]: runId, [MANAGED_LABEL]: "true", [SUITE_LABEL]: suite };
}

export function suiteNamespaceManifest(suite: string, runId: string) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: suiteNamespaceName(suite, runId), labels: suiteLabels(suite, runId) },
  };
}
