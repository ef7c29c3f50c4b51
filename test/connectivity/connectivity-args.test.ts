import { describe, expect, it } from "vitest";
import {
  ALWAYS_PASSED,
  buildConnectivityTestArgs,
  type ConnectivityTestOptions,
  connectivityTestFilters,
  connectivityTestNamespaces,
  goDuration,
} from "../../src/connectivity/connectivity-args.ts";
import { offlineSkips } from "../../src/connectivity/offline-skips.ts";
import { UsageError } from "../../src/errors.ts";
import { toolPins } from "../../src/tools/pinned-tools.ts";

const base: ConnectivityTestOptions = {
  junitFile: "reports/r1/connectivity-junit.xml",
  ciliumNamespace: "cilium-system",
  concurrency: 4,
  collectSysdumpOnFailure: true,
  sysdumpOutputFilename: "reports/r1/connectivity/cilium-sysdump-<ts>",
  flowValidation: "warning",
  timeoutMs: 1_800_000,
  offline: false,
};

describe("buildConnectivityTestArgs", () => {
  it("builds the full argv", () => {
    expect(buildConnectivityTestArgs({ ...base, kubeContext: "kind-cc-r1" })).toEqual([
      "connectivity",
      "test",
      "--context",
      "kind-cc-r1",
      "--namespace",
      "cilium-system",
      "--junit-file",
      "reports/r1/connectivity-junit.xml",
      "--test-namespace",
      "cilium-test",
      "--test-concurrency",
      "4",
      "--flow-validation",
      "warning",
      "--exit-zero-on-failure",
      "--log-check-only-test-time",
      "--collect-sysdump-on-failure",
      "--sysdump-output-filename",
      "reports/r1/connectivity/cilium-sysdump-<ts>",
      "--timeout",
      "30m0s",
    ]);
  });

  it("passes the test namespace as the base cilium-cli suffixes itself, never a suffixed name", () => {
    const ns = (options: ConnectivityTestOptions) => {
      const args = buildConnectivityTestArgs(options);
      return args[args.indexOf("--test-namespace") + 1];
    };
    // cilium-cli appends -<n> per instance (cli/connectivity.go): cilium-test-1 would become cilium-test-1-1.
    expect(ns(base)).toBe("cilium-test");
    expect(ns({ ...base, testNamespaceBase: "cc-conn" })).toBe("cc-conn");
    expect(() => buildConnectivityTestArgs({ ...base, testNamespaceBase: "cilium-test-1" })).toThrow(
      /ends in -<n>: cilium-cli appends -1, -2, … itself \(it would use cilium-test-1-1\)/,
    );
    expect(connectivityTestNamespaces("cilium-test", 3)).toEqual([
      "cilium-test-1",
      "cilium-test-2",
      "cilium-test-3",
    ]);
  });

  it("takes Cilium's namespace from the options (the plan's), not kube-system", () => {
    const args = buildConnectivityTestArgs(base);
    expect(args[args.indexOf("--namespace") + 1]).toBe("cilium-system");
  });

  it("always passes the flags that justify the minimum cilium CLI version", () => {
    const args = buildConnectivityTestArgs({ ...base, collectSysdumpOnFailure: false, offline: true });
    for (const flag of ALWAYS_PASSED) expect(args).toContain(flag);
    // Every flag the minimum's reason names is one the harness passes.
    const named = toolPins.cilium.minimumReason.match(/--[a-z-]+/g) ?? [];
    expect(named.length).toBeGreaterThan(0);
    for (const flag of named) expect(args).toContain(flag);
  });

  it("leaves out sysdump flags when not collecting and --test when nothing filters", () => {
    const args = buildConnectivityTestArgs({ ...base, collectSysdumpOnFailure: false });
    expect(args).not.toContain("--collect-sysdump-on-failure");
    expect(args).not.toContain("--sysdump-output-filename");
    expect(args).not.toContain("--test");
  });

  it("--offline skips the world-bound scenarios and tests as one comma-separated --test", () => {
    const args = buildConnectivityTestArgs({ ...base, offline: true });
    const value = args[args.indexOf("--test") + 1] ?? "";
    expect(value.split(",")).toEqual(offlineSkips.map((skip) => `!${skip.pattern}`));
    expect(value).toContain("!/pod-to-world");
    expect(value).toContain("!/pod-to-cidr");
    expect(value).toContain("!to-fqdns");
  });

  it("rejects a concurrency below 1", () => {
    expect(() => buildConnectivityTestArgs({ ...base, concurrency: 0 })).toThrow(UsageError);
  });
});

describe("offline skip patterns", () => {
  // cilium-cli matches each skip regexp unanchored against test names and `<test>/<scenario>`.
  const skipped = (name: string) => offlineSkips.some((skip) => new RegExp(skip.pattern).test(name));

  it("skip the world-bound scenarios and tests", () => {
    for (const name of [
      "no-policies/pod-to-world",
      "to-fqdns/pod-to-world-2",
      "client-egress-l7-tls-headers/pod-to-world-with-tls-intercept",
      "no-policies/pod-to-cidr",
      "to-cidr-external-knp/pod-to-cidr",
      "to-fqdns",
      "host-firewall-egress-to-fqdns",
      "seq-fqdn-restore-after-restart",
      "check-standalone-dns-proxy",
      "to-entities-world",
      "client-egress-tls-sni-denied",
    ]) {
      expect(skipped(name), name).toBe(true);
    }
  });

  it("keep the in-cluster tests and scenarios", () => {
    for (const name of [
      "no-policies",
      "no-policies/pod-to-pod",
      "no-policies/pod-to-service",
      "dns-only",
      "dns-only/pod-to-pod",
      "allow-all-except-world",
      "allow-all-except-world/pod-to-host",
      "client-egress-l7/pod-to-pod",
      "health",
      "check-log-errors",
    ]) {
      expect(skipped(name), name).toBe(false);
    }
  });
});

describe("connectivityTestFilters", () => {
  it("puts user filters first, splits commas and does not repeat a skip", () => {
    expect(connectivityTestFilters(true, ["no-policies,!/pod-to-world", " health "])).toEqual([
      "no-policies",
      "!/pod-to-world",
      "health",
      ...offlineSkips.map((skip) => `!${skip.pattern}`).filter((s) => s !== "!/pod-to-world"),
    ]);
  });

  it("rejects an invalid RE2 expression and an empty entry with a usage error", () => {
    expect(() => connectivityTestFilters(false, ["(unclosed"])).toThrow(/not a valid regular expression/);
    expect(() => connectivityTestFilters(false, ["a,,b"])).toThrow(/empty filter entry/);
    // Lookahead is valid in JavaScript but not in Go's RE2.
    expect(() => connectivityTestFilters(false, ["(?=x)"])).toThrow(UsageError);
  });
});

describe("goDuration", () => {
  it("formats like Go's time.Duration", () => {
    expect(goDuration(45_000)).toBe("45s");
    expect(goDuration(1500)).toBe("2s");
    expect(goDuration(900_000)).toBe("15m0s");
    expect(goDuration(3_723_000)).toBe("1h2m3s");
    expect(() => goDuration(0)).toThrow(UsageError);
  });
});
