import { describe, expect, it } from "vitest";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { connectivityOptions } from "../../src/conformance/connectivity/connectivity-plan.ts";
import { buildConnectivityTestArgs } from "../../src/connectivity/connectivity-args.ts";
import { connectivityFiles, connectivityTestOptions } from "../../src/connectivity/connectivity-options.ts";
import { planConnectivity } from "../../src/plan/connectivity-plan.ts";

const run = {
  reportDir: "/reports/r1",
  ciliumNamespace: "cilium-system",
  kubeContext: "kind-cc-r1",
  nodes: [
    { name: "cc-r1-control-plane", role: "control-plane", lanIp: "192.168.5.9", lanMac: "02:42:c0:a8:05:09" },
    { name: "cc-r1-worker", role: "worker", lanIp: "192.168.5.10", lanMac: "02:42:c0:a8:05:0a" },
    { name: "cc-r1-worker2", role: "worker", lanIp: "192.168.5.11", lanMac: "02:42:c0:a8:05:0b" },
  ],
} as unknown as RunContext;

describe("connectivity test options", () => {
  it("keeps cilium-cli's <ts> in the sysdump name: one sysdump per failing test, not one overwritten file", () => {
    expect(connectivityFiles("/reports/r1").sysdump).toBe("/reports/r1/connectivity/cilium-sysdump-<ts>");
  });

  it("runs in the namespace the run context says Cilium is in (the plan's, carried by up)", () => {
    const options = connectivityOptions(
      run,
      {
        contextFile: "x",
        keepOnFailure: false,
        offline: true,
        testFilters: [],
        collectSysdumpOnFailure: true,
      },
      1_800_000,
    );
    const args = buildConnectivityTestArgs(options);
    expect(args.slice(args.indexOf("--namespace"), args.indexOf("--namespace") + 2)).toEqual([
      "--namespace",
      "cilium-system",
    ]);
    expect(args).toContain("/reports/r1/connectivity/cilium-sysdump-<ts>");
    expect(args).toContain("29m0s");
  });

  it("is what the plan shows, with the report folder left as ${reportDir}", () => {
    const facts = {
      workers: 2,
      ciliumNamespace: "kube-system",
      kubeContext: "kind-cc-r1",
      budgetMs: 1_800_000,
    };
    const planned = planConnectivity(facts);
    const flags = { offline: false, testFilters: [], collectSysdumpOnFailure: false };
    const atRunTime = buildConnectivityTestArgs(
      connectivityTestOptions({ ...facts, reportDir: "${reportDir}" }, flags),
    );
    expect(planned.argv).toEqual(["cilium", ...atRunTime]);
  });
});
