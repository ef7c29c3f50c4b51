import { describe, expect, it } from "vitest";
import { loadBaseKindConfig } from "../../src/plan/kind-config-file.ts";
import { MAX_CLUSTER_NAME, planRun } from "../../src/plan/plan-run.ts";
import type { ExecStep, PlannedStep } from "../../src/plan/run-plan.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { baseKind, modelFrom, SEED_POOL } from "./plan-model.ts";

const plan = (
  parts: Parameters<typeof modelFrom>[0] = {},
  options: Partial<Parameters<typeof planRun>[1]> = {},
) => planRun(modelFrom(parts), { runId: "t1", baseKindConfig: baseKind(), ...options });

const exec = (steps: readonly PlannedStep[], phase: string) =>
  steps.find((step): step is ExecStep => step.phase === phase && step.action === "exec")!;

describe("planRun per chart version", () => {
  it.each([
    ["1.16.19", "cilium.io/v2alpha1", "lbipam.cilium.io/ips", "lbipam.cilium.io/sharing-key", "v1.1.0", 2],
    ["1.17.17", "cilium.io/v2alpha1", "lbipam.cilium.io/ips", "lbipam.cilium.io/sharing-key", "v1.2.0", 1],
    ["1.18.11", "cilium.io/v2", "lbipam.cilium.io/ips", "lbipam.cilium.io/sharing-key", "v1.2.0", 1],
    ["1.19.5", "cilium.io/v2", "lbipam.cilium.io/ips", "lbipam.cilium.io/sharing-key", "v1.3.0", 1],
  ])(
    "%s: pool %s, annotations %s / %s, Gateway API %s (%i URLs)",
    (version, poolApi, ips, sharing, gatewayApi, urls) => {
      const result = plan({}, { ciliumVersion: version });
      expect(result.cilium).toMatchObject({
        chartVersion: version,
        chartVersionOrigin: "override",
        repoChartVersion: "1.18.11",
      });
      expect(result.cilium.compatMinor).toBe(version.split(".").slice(0, 2).join("."));
      expect(result.compatFacts).toMatchObject({
        poolApiVersion: poolApi,
        ipsAnnotation: ips,
        sharingKeyAnnotation: sharing,
        l2PolicyApiVersion: "cilium.io/v2alpha1",
        serviceConditionType: "cilium.io/IPAMRequestSatisfied",
      });
      expect(result.gatewayApi.version).toBe(gatewayApi);
      expect(result.gatewayApi.urls).toHaveLength(urls);
      expect(exec(result.commands, "cilium-install").argv.slice(0, 4)).toEqual([
        "cilium",
        "install",
        "--version",
        version,
      ]);
      // The seed's pool is cilium.io/v2: charts before 1.18 do not serve it, and the plan says so
      // as an error finding (the repo fails at this version), not as a warning.
      expect(result.findings.map((f) => [f.id, f.severity])).toEqual(
        poolApi === "cilium.io/v2" ? [] : [["pool-api-version", "error"]],
      );
    },
  );

  it("uses the repo's pin by default and refuses an unknown version with exit 2", () => {
    expect(plan().cilium).toMatchObject({ chartVersion: "1.18.11", chartVersionOrigin: "repo" });
    expect(() => plan({}, { ciliumVersion: "1.14.0" })).toThrow(
      expect.objectContaining({ code: "CC_PLAN_VERSION_UNSUPPORTED", exitCode: 2 }),
    );
  });

  it("refuses 1.15 at plan time (exit 2): cilium-cli v0.19.7 cannot install it, and says what to do", () => {
    const override = () => plan({}, { ciliumVersion: "1.15.19" });
    expect(override).toThrow(expect.objectContaining({ code: "CC_PLAN_VERSION_UNSUPPORTED", exitCode: 2 }));
    expect(override).toThrow(/installs Cilium 1.16.0 and later only .*install\/helm.go getHelmValues/);
    expect(override).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/--cilium-version .*1\.16\.19/) }),
    );
    const pinned = () => plan({ chartVersion: "1.15.7" });
    expect(pinned).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/bump the HelmRelease to 1.16/) }),
    );
  });
});

describe("planRun commands", () => {
  it("runs network, kind, CRDs (+Established), Cilium, status, waits, manifests, in that order", () => {
    const result = plan();
    expect(result.commands.map((step) => `${step.phase}:${step.action}`)).toEqual([
      "lan-network:exec",
      "kind-cluster:exec",
      "gateway-api-crds:k8s-apply",
      "gateway-api-crds:wait",
      "cilium-install:exec",
      "cilium-ready:exec",
      "cilium-ready:wait",
      "cluster-ready:wait",
      "repo-manifests:k8s-apply",
    ]);
    expect(exec(result.commands, "lan-network").argv).toEqual([
      "docker",
      "network",
      "create",
      "--driver",
      "bridge",
      "--subnet",
      "192.168.5.0/24",
      "--gateway",
      "192.168.5.1",
      "--ip-range",
      "192.168.5.8/29",
      "--label",
      "io.cilium-conformance/run-id=t1",
      "--label",
      "io.cilium-conformance/managed=true",
      "cc-lan-t1",
    ]);
    const kind = exec(result.commands, "kind-cluster");
    expect(kind.env).toEqual({ KIND_EXPERIMENTAL_DOCKER_NETWORK: "cc-lan-t1" });
    expect(kind.argv).toEqual(
      expect.arrayContaining(["--name", "cc-t1", "--config", "${planDir}/kind-config.yaml"]),
    );
    expect(kind.argv).toContain(result.kind.nodeImage);
    expect(exec(result.commands, "cilium-install").argv).toEqual([
      "cilium",
      "install",
      "--version",
      "1.18.11",
      "--namespace",
      "kube-system",
      "-f",
      "${planDir}/values.yaml",
      "-f",
      "${planDir}/values-overlay.yaml",
    ]);
    expect(exec(result.commands, "cilium-install").argv.join(" ")).not.toContain("--set");
    expect(exec(result.commands, "cilium-ready").argv).toEqual([
      "cilium",
      "status",
      "--namespace",
      "kube-system",
      "--wait",
      "--wait-duration",
      "600s",
      "--ignore-warnings",
      "--interactive=false",
    ]);
    // Warnings pass cilium status; the release's own rollout wait still has to.
    expect(
      result.commands.find((step) => step.phase === "cilium-ready" && step.action === "wait"),
    ).toMatchObject({
      wait: "ciliumRollouts",
      budgetMs: 120_000,
      condition: "RolledOut",
      targets: ["helm-release/kube-system/cilium"],
    });
    expect(result.commands.at(-1)).toMatchObject({
      action: "k8s-apply",
      sources: [
        "${planDir}/manifests/pool-home-compute-pool.yaml",
        "${planDir}/manifests/l2-policy-home-l2.yaml",
      ],
    });
    expect(result.downCommands.map((step) => (step as ExecStep).argv.slice(0, 3))).toEqual([
      ["kind", "delete", "cluster"],
      ["docker", "network", "rm"],
    ]);
  });

  it("follows budget overrides into the commands and computes L2 failover from the repo's lease values", () => {
    const result = plan(
      {
        values:
          "l2announcements:\n  enabled: true\n  leaseDuration: 6s\n  leaseRenewDeadline: 2s\n  leaseRetryPeriod: 500ms\n",
      },
      { budgetOverrides: [{ ciliumReady: 90_000 }] },
    );
    expect(exec(result.commands, "cilium-ready").argv).toContain("90s");
    // leaseDuration + 2 × 2.2 × retryPeriod + ARP round + margin
    expect(result.budgets.l2Failover).toBe(6_000 + 2_200 + 2_500 + 2_000);
    // Cilium's defaults 15s/5s/2s: 28.3 s — a doubled failover (2 × 15 s and more) no longer fits.
    expect(plan({ values: "{}\n" }).budgets.l2Failover).toBe(28_300);
  });

  it("labels workers through the API before the CRDs when kubelet cannot", () => {
    const policies = `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: workers
spec:
  nodeSelector:
    matchExpressions:
      - key: node-role.kubernetes.io/worker
        operator: Exists
`;
    const result = plan({ policies }, { nodes: 3 });
    expect(result.commands[2]).toMatchObject({ phase: "node-labels", action: "k8s-label" });
    expect(result.kind.postCreateLabels.map((entry) => entry.node)).toEqual([
      "cc-t1-worker",
      "cc-t1-worker2",
      "cc-t1-worker3",
    ]);
  });
});

describe("planRun as a whole", () => {
  it("is plain JSON and deterministic", () => {
    const first = plan();
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(plan()).toEqual(first);
    expect(first.deviations.map((d) => d.key)).toEqual([
      "k8sServiceHost",
      "devices",
      "CiliumL2AnnouncementPolicy/home-l2 spec.interfaces",
    ]);
    expect(first.manifests.pools[0]!.body).toEqual(modelFrom().pools[0]!.body);
  });

  it("refuses a LAN inside kind's pod subnet and a bad cluster name", () => {
    const pools = SEED_POOL.replace("192.168.5.30", "10.244.9.30").replace("192.168.5.255", "10.244.9.255");
    expect(() => plan({ pools })).toThrow(/overlaps kind's podSubnet 10.244.0.0\/16/);
    expect(() => plan({}, { name: "Bad_Name" })).toThrow(
      expect.objectContaining({ code: "CC_PLAN_NAME_INVALID" }),
    );
  });

  it("bounds the cluster name so kind-<name> stays a valid Cilium cluster.name (32 characters)", () => {
    expect(MAX_CLUSTER_NAME).toBe(27);
    expect(plan({}, { name: "a".repeat(27) }).kubeContext).toHaveLength(32);
    expect(() => plan({}, { name: "a".repeat(28) })).toThrow(
      expect.objectContaining({
        code: "CC_PLAN_NAME_INVALID",
        exitCode: 2,
        message: expect.stringMatching(/at most 27 characters \(it has 28\)/),
        hint: expect.stringMatching(/--name of at most 27/),
      }),
    );
    // The default name is cc-<run id>: a long run id is named as the thing to shorten.
    expect(() => plan({}, { runId: "r".repeat(25) })).toThrow(
      expect.objectContaining({
        hint: expect.stringMatching(/shorten the run id \(CILIUM_CONFORMANCE_RUN_ID\) to at most 24/),
      }),
    );
    expect(plan({}, { runId: "r".repeat(25), name: "short" }).clusterName).toBe("short");
  });

  it("plans the embedded homelab from disk", async () => {
    const model = loadInfraRepo(new URL("../../fixtures/homelab", import.meta.url).pathname);
    const result = planRun(model, { runId: "seed", baseKindConfig: await loadBaseKindConfig() });
    expect(result.lan).toMatchObject({
      subnet: "192.168.5.0/24",
      gateway: "192.168.5.1",
      ipRange: "192.168.5.8/29",
    });
    expect(result.cilium.overlay).toMatchObject({ k8sServiceHost: "${controlPlaneIp}", devices: ["eth0"] });
    expect(result.manifests.pools.map((pool) => pool.name)).toEqual(["home-compute-pool"]);
    expect(result.findings).toEqual([]);
    // The seed sets ipam.mode and operator.replicas itself; cluster.name is the chart's default.
    expect(result.cilium.pinnedValues.map((pin) => [pin.key, pin.value, pin.origin])).toEqual([
      ["cluster.name", "default", "chart-default"],
      ["ipam.mode", "kubernetes", "repo"],
      ["operator.replicas", 1, "repo"],
    ]);
  });
});
