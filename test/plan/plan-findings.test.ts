import { describe, expect, it } from "vitest";
import { planRun } from "../../src/plan/plan-run.ts";
import { baseKind, modelFrom, SEED_POOL } from "./plan-model.ts";

const plan = (parts: Parameters<typeof modelFrom>[0] = {}, ciliumVersion?: string) =>
  planRun(modelFrom(parts), {
    runId: "t1",
    baseKindConfig: baseKind(),
    ...(ciliumVersion ? { ciliumVersion } : {}),
  });

describe("plan findings: verdicts about the repo at the version this run installs", () => {
  it("makes a pool apiVersion the candidate does not serve an error, naming file, line and fix", () => {
    const [finding, ...rest] = plan({}, "1.17.17").findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "pool-api-version", severity: "error", line: 1 });
    expect(finding?.message).toMatch(
      /CiliumLoadBalancerIPPool home-compute-pool is cilium.io\/v2, which Cilium 1.17.17 \(the version this run installs, from --cilium-version\) does not serve \(it serves cilium.io\/v2alpha1\).*no cluster is created. Set `apiVersion: cilium.io\/v2alpha1`, or pick a --cilium-version that serves cilium.io\/v2/,
    );
    expect(
      plan({ pools: SEED_POOL.replace("cilium.io/v2", "cilium.io/v2alpha1") }, "1.17.17").findings,
    ).toEqual([]);
  });

  it("makes an L2 policy apiVersion Cilium never serves an error", () => {
    const policies =
      "apiVersion: cilium.io/v2\nkind: CiliumL2AnnouncementPolicy\nmetadata:\n  name: p\nspec:\n  loadBalancerIPs: true\n";
    expect(plan({ policies }).findings.map((f) => [f.id, f.severity])).toEqual([
      ["l2-policy-api-version", "error"],
    ]);
  });

  it("refuses a cluster.name the chart of that version refuses", () => {
    const long = "homelab-cluster-with-a-very-long-name";
    const [finding] = plan({ values: `cluster:\n  name: ${long}\n` }).findings;
    expect(finding).toMatchObject({ id: "cluster-name-invalid", severity: "error", line: 2 });
    expect(finding?.message).toMatch(
      /must not be more than 32 characters \(it has 37\).*templates\/validate.yaml/,
    );
    expect(plan({ values: "cluster:\n  name: Home_Lab\n" }).findings[0]?.message).toMatch(
      /lower-case letters, digits and '-'/,
    );
    expect(plan({ values: "cluster:\n  id: 4\n" }).findings[0]?.message).toMatch(
      /the default name "default" cannot be used with cluster.id 4/,
    );
    // The 1.16 chart skips length and pattern when upgradeCompatibility is 1.15 or older.
    expect(
      plan({ values: `upgradeCompatibility: "1.15"\ncluster:\n  name: ${long}\n` }, "1.16.19").findings,
    ).toEqual([expect.objectContaining({ id: "pool-api-version" })]);
    expect(plan({ values: "cluster:\n  name: homelab\n" }).findings).toEqual([]);
  });

  it("refuses a LAN inside the cluster-pool pod CIDRs (the chart default 10.0.0.0/8)", () => {
    const pools = SEED_POOL.replace("192.168.5.30", "10.0.0.30").replace("192.168.5.255", "10.0.0.200");
    const [finding] = plan({ pools, values: "kubeProxyReplacement: true\n" }).findings;
    expect(finding).toMatchObject({ id: "lan-inside-pod-pool", severity: "error" });
    expect(finding?.message).toMatch(
      /pod IPs from 10.0.0.0\/8 \(ipam.operator.clusterPoolIPv4PodCIDRList, the chart's default\), which overlaps the LAN 10.0.0.0\/24/,
    );
    expect(
      plan({ pools, values: "ipam:\n  operator:\n    clusterPoolIPv4PodCIDRList: [172.20.0.0/16]\n" })
        .findings,
    ).toEqual([]);
    expect(plan({ pools, values: "ipam:\n  mode: kubernetes\n" }).findings).toEqual([]);
  });
});
