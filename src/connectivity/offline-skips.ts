// The `cilium connectivity test` parts that need the internet, skipped by `--offline`.
//
// cilium-cli's `--test` takes comma-separated Go regular expressions; a leading `!` makes one a
// skip. Each is matched (unanchored, `regexp.MatchString`) against every test name and against
// every `<test>/<scenario>` name (check/test.go: scenarioName, scenarioEnabled; cmd/connectivity.go
// builds SkipTests from the `!` entries). A test whose scenarios are all skipped does not run. So
// skipping the world-bound *scenarios* keeps the in-cluster half of mixed tests (e.g. `dns-only`'s
// pod-to-pod scenario, `no-policies`' pod-to-pod/service/host scenarios).
//
// Read from cilium/cilium `cilium-cli/connectivity/` (and the older cilium/cilium-cli tree) in
// 2026-11; re-check when the pinned cilium-cli moves.

export interface OfflineSkip {
  /** Go regexp passed after `!`. */
  pattern: string;
  /** What it removes and where in cilium-cli that is defined. */
  why: string;
}

export const offlineSkips: readonly OfflineSkip[] = [
  {
    pattern: "/pod-to-world",
    why:
      "scenarios pod-to-world, pod-to-world-2, pod-to-world-with-tls-intercept and " +
      "pod-to-world-with-extra-tls-intercept curl --external-target (one.one.one.one) and " +
      "--external-other-target (tests/world.go); used by no-policies, to-entities-world, to-fqdns, " +
      "dns-only, client-egress-l7*, client-egress-tls-sni*",
  },
  {
    pattern: "/pod-to-cidr",
    why:
      "scenario pod-to-cidr curls --external-ip and --external-other-ip (1.1.1.1, 1.0.0.1; " +
      "tests/to-cidr.go); used by no-policies, to-cidr-external*, client-egress-to-cidrgroup*",
  },
  {
    pattern: "to-fqdns",
    why: "tests to-fqdns and host-firewall-egress-to-fqdns resolve and reach --external-target (builder type toFqdns, builder/host_firewall_egress_to_fqdns.go)",
  },
  {
    pattern: "fqdn-restore",
    why: "test seq-fqdn-restore-after-restart reaches --external-ip/--external-other-ip through toFQDNs (builder/fqdn_restore.go)",
  },
  {
    pattern: "standalone-dns-proxy",
    why: "test check-standalone-dns-proxy curls --external-target/--external-other-target (tests/standalone-dns-proxy.go)",
  },
  {
    pattern: "to-entities-world",
    why: "test to-entities-world(-port-range) exists only to reach the world entity (builder type toEntitiesWorld)",
  },
  {
    pattern: "client-egress-tls-sni",
    why: "tests client-egress-tls-sni* enforce SNI towards --external-target (builder/client_egress_tls_sni.go)",
  },
];
