// Which routing faults hold on one listener. Most bend routing on every Gateway; one bends only the
// repo's own Gateways — every CiliumEnvoyConfig outside the namespaces the harness's suites work in
// (`cc-<suite>-<run-id>`, src/conformance/suite-namespace.ts) — so that only the repo-contracts
// suite can see it: the Gateway API suite's own Gateway still routes right (issue 16).

import type { CecObject } from "./envoy-resources.ts";
import type { RouterFaults } from "./route-match.ts";

export interface ProxyFaults extends RouterFaults {
  /** Path matchers always hold, on the repo's Gateways only. */
  ignoreRepoPathMatches?: boolean;
}

const HARNESS_NAMESPACE = /^cc-/;

export function isHarnessConfig(cec: CecObject): boolean {
  return HARNESS_NAMESPACE.test(cec.metadata.namespace ?? "");
}

export function faultsForListener(cec: CecObject, faults: ProxyFaults): RouterFaults {
  const { ignoreRepoPathMatches, ...everywhere } = faults;
  return ignoreRepoPathMatches && !isHarnessConfig(cec)
    ? { ...everywhere, ignorePathMatches: true }
    : everywhere;
}
