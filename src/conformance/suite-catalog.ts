// The conformance suites, by id: what `test --suite` accepts, which file vitest runs, and the
// title the reports show. One entry per file in suites/.

import { UsageError } from "../errors.ts";
import { currentSuiteLayout } from "./suite-vitest-settings.ts";

export interface SuiteEntry {
  /** `--suite` name, namespace stem and report suite name, e.g. `l2-announcements`. */
  id: string;
  /** For people, e.g. "L2 announcements". */
  title: string;
  /** Package-relative path of the vitest file (suites/<id>.suite.ts; dist/suites/<id>.suite.js when published). */
  file: string;
  /** What it proves, one line (docs/suites.md and `test --help`). */
  proves: string;
}

const suite = (id: string, title: string, proves: string): SuiteEntry => ({
  id,
  title,
  file: `${currentSuiteLayout.dir}/${id}${currentSuiteLayout.extension}`,
  proves,
});

export const suiteCatalog: readonly SuiteEntry[] = [
  suite(
    "kube-proxy-replacement",
    "kube-proxy replacement",
    "no kube-proxy, every agent in KPR mode, ClusterIP and NodePort served by Cilium, no KUBE-* chains",
  ),
  suite(
    "lb-ipam",
    "LB-IPAM",
    "the repo's pool applied and counted right; IPs assigned, requested, refused, shared and released",
  ),
  suite(
    "l2-announcements",
    "L2 announcements",
    "one node (the Lease holder) answers ARP for a Service IP, HTTP reaches it, and it fails over",
  ),
  suite(
    "gateway-api",
    "Gateway API",
    "CRDs, GatewayClass, Gateway and HTTPRoutes accepted; path, header, host, weights and 404 end to end",
  ),
  suite(
    "repo-contracts",
    "Repo contracts",
    "the repo's own Gateways, HTTPRoutes and LoadBalancer Services with echo stand-ins: every rule's requests, 404s, addresses, ARP and ports",
  ),
  suite("hubble", "Hubble", "relay sees every node, flows to the echo pods are visible, the UI serves"),
  suite(
    "connectivity",
    "cilium connectivity test",
    "cilium-cli's own connectivity test, each of its tests reported as a case",
  ),
];

export function suiteById(id: string): SuiteEntry | undefined {
  return suiteCatalog.find((entry) => entry.id === id);
}

/** `--suite a,b` (repeatable) → catalog entries in catalog order; unknown names are usage errors. */
export function selectSuites(requested: readonly string[]): SuiteEntry[] {
  const names = requested
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) return [...suiteCatalog];
  const unknown = names.filter((name) => !suiteById(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown suite${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}`,
      {
        hint: `--suite takes a comma-separated list of: ${suiteCatalog.map((entry) => entry.id).join(", ")}`,
      },
    );
  }
  return suiteCatalog.filter((entry) => names.includes(entry.id));
}
