import { describe, expect, it } from "vitest";
import {
  buildConnectivityTestArgs,
  type ConnectivityTestOptions,
  connectivityTestFilters,
  goDuration,
} from "../../src/connectivity/connectivity-args.ts";
import { offlineSkips } from "../../src/connectivity/offline-skips.ts";
import { UsageError } from "../../src/errors.ts";

const base: ConnectivityTestOptions = {
  junitFile: "reports/r1/connectivity-junit.xml",
  ciliumCliVersion: "0.19.7",
  concurrency: 4,
  collectSysdumpOnFailure: true,
  sysdumpOutputFilename: "cilium-sysdump-r1",
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
      "--junit-file",
      "reports/r1/connectivity-junit.xml",
      "--test-namespace",
      "cilium-test-1",
      "--test-concurrency",
      "4",
      "--flow-validation",
      "warning",
      "--collect-sysdump-on-failure",
      "--sysdump-output-filename",
      "cilium-sysdump-r1",
      "--timeout",
      "30m0s",
    ]);
  });

  it("picks the namespace by cilium-cli version unless one is given", () => {
    const ns = (options: ConnectivityTestOptions) => {
      const args = buildConnectivityTestArgs(options);
      return args[args.indexOf("--test-namespace") + 1];
    };
    expect(ns({ ...base, ciliumCliVersion: "0.16.7" })).toBe("cilium-test");
    expect(ns({ ...base, ciliumCliVersion: "v0.16.8" })).toBe("cilium-test-1");
    expect(ns({ ...base, testNamespace: "cc-conn" })).toBe("cc-conn");
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
