import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planKind } from "../../src/plan/kind-config.ts";
import { defaultKindConfigPath, loadBaseKindConfig } from "../../src/plan/kind-config-file.ts";
import { defaultNodeImageFor } from "../../src/plan/kind-node-images.ts";
import { parseManifests } from "../../src/repo/yaml-documents.ts";
import { toolPins } from "../../src/tools/pinned-tools.ts";
import { BASE_KIND_CONFIG, baseKind } from "./plan-model.ts";

const policyWith = (nodeSelector: string) =>
  parseManifests(
    `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: lan
spec:
  nodeSelector:
${nodeSelector}`,
    "l2.yaml",
  );

const nodesOf = (config: Record<string, unknown>) =>
  config.nodes as { role: string; labels?: Record<string, string> }[];

describe("the project's kind-config.yaml", () => {
  it("is valid and pins kind v0.31.0's node image by digest", async () => {
    const base = await loadBaseKindConfig();
    const { kind } = planKind(base, { clusterName: "cc-x", workers: undefined, l2Policies: [] });
    expect(kind.version).toBe(toolPins.kind.pinned);
    expect(kind.nodeImage).toBe(defaultNodeImageFor("v0.31.0")!.image);
    expect(kind.nodeImage).toMatch(/^kindest\/node:v1\.35\.0@sha256:452d707d/);
    expect(kind.controlPlaneNodes).toEqual(["cc-x-control-plane"]);
    expect(kind.workerNodes).toEqual(["cc-x-worker", "cc-x-worker2"]);
    const raw = parse(readFileSync(defaultKindConfigPath, "utf8"));
    expect(raw.networking).toEqual({ disableDefaultCNI: true, kubeProxyMode: "none" });
  });
});

describe("loadBaseKindConfig", () => {
  it("points a missing --kind-config at the path the user gave, not at the project's file", async () => {
    const missing = loadBaseKindConfig("/nonexistent/kind.yaml");
    await expect(missing).rejects.toMatchObject({
      code: "CC_PLAN_KIND_CONFIG_INVALID",
      exitCode: 2,
      file: "/nonexistent/kind.yaml",
      hint: "check the path given to --kind-config (relative paths are taken from the current folder)",
    });
  });
});

describe("parseBaseKindConfig", () => {
  it.each([
    [
      "kube-proxy enabled",
      BASE_KIND_CONFIG.replace("kubeProxyMode: none", "kubeProxyMode: iptables"),
      /kubeProxyMode must be "none"/,
      5,
    ],
    [
      "kube-proxy by default",
      BASE_KIND_CONFIG.replace("  kubeProxyMode: none\n", ""),
      /kubeProxyMode must be "none"/,
      3,
    ],
    [
      "default CNI",
      BASE_KIND_CONFIG.replace("disableDefaultCNI: true", "disableDefaultCNI: false"),
      /disableDefaultCNI must be true/,
      4,
    ],
    [
      "one worker",
      BASE_KIND_CONFIG.replace("  - role: worker\n  - role: worker\n", "  - role: worker\n"),
      /at least 2 worker/,
      6,
    ],
    [
      "no control plane",
      BASE_KIND_CONFIG.replace("role: control-plane", "role: worker"),
      /exactly one control-plane/,
      6,
    ],
    ["unpinned image", `${BASE_KIND_CONFIG}    image: kindest/node:v1.35.0\n`, /not pinned by digest/, 10],
  ])("refuses %s with file, line and fix", (_, text, message, line) => {
    expect(() => baseKind(text)).toThrow(
      expect.objectContaining({
        code: "CC_PLAN_KIND_CONFIG_INVALID",
        exitCode: 2,
        file: "kind-config.yaml",
        line,
      }),
    );
    expect(() => baseKind(text)).toThrow(message);
  });
});

describe("planKind", () => {
  it("sizes the workers to --nodes and refuses fewer than two", () => {
    const { kind } = planKind(baseKind(), { clusterName: "c", workers: 4, l2Policies: [] });
    expect(kind.workerNodes).toEqual(["c-worker", "c-worker2", "c-worker3", "c-worker4"]);
    expect(nodesOf(kind.config).map((node) => node.role)).toEqual([
      "control-plane",
      "worker",
      "worker",
      "worker",
      "worker",
    ]);
    expect(parse(kind.configYaml)).toEqual(kind.config);
    expect(() => planKind(baseKind(), { clusterName: "c", workers: 1, l2Policies: [] })).toThrow(
      expect.objectContaining({ code: "CC_PLAN_KIND_CONFIG_INVALID" }),
    );
  });

  it("labels the workers (never the control plane) so matchLabels and In/Exists expressions select them", () => {
    const policies = policyWith(
      "    matchLabels:\n      homelab.example/l2: announce\n    matchExpressions:\n      - key: zone\n        operator: In\n        values: [rack-a, rack-b]\n      - key: homelab.example/lan\n        operator: Exists\n",
    );
    const { kind, deviations } = planKind(baseKind(), {
      clusterName: "c",
      workers: undefined,
      l2Policies: policies,
    });
    const [controlPlane, ...workers] = nodesOf(kind.config);
    expect(controlPlane!.labels).toBeUndefined();
    for (const worker of workers) {
      expect(worker.labels).toEqual({
        "homelab.example/l2": "announce",
        zone: "rack-a",
        "homelab.example/lan": "true",
      });
    }
    expect(deviations.map((d) => [d.target, d.key, d.kindValue])).toEqual([
      ["kind-config", "nodes[worker].labels.homelab.example/l2", "announce"],
      ["kind-config", "nodes[worker].labels.zone", "rack-a"],
      ["kind-config", "nodes[worker].labels.homelab.example/lan", "true"],
    ]);
    expect(deviations[0]!.source).toEqual({ file: "l2.yaml", line: 6 });
    expect(kind.postCreateLabels).toEqual([]);
  });

  it("adds nothing for a selector kind's workers already satisfy", () => {
    const policies = policyWith(
      "    matchExpressions:\n      - key: node-role.kubernetes.io/control-plane\n        operator: DoesNotExist\n",
    );
    const { kind, deviations } = planKind(baseKind(), {
      clusterName: "c",
      workers: undefined,
      l2Policies: policies,
    });
    expect(deviations).toEqual([]);
    expect(nodesOf(kind.config).every((node) => node.labels === undefined)).toBe(true);
  });

  it("sets kubernetes.io labels kubelet refuses through the API after creation", () => {
    const policies = policyWith('    matchLabels:\n      node-role.kubernetes.io/worker: ""\n');
    const { kind } = planKind(baseKind(), { clusterName: "c", workers: undefined, l2Policies: policies });
    expect(nodesOf(kind.config).every((node) => node.labels === undefined)).toBe(true);
    expect(kind.postCreateLabels).toEqual([
      { node: "c-worker", labels: { "node-role.kubernetes.io/worker": "" } },
      { node: "c-worker2", labels: { "node-role.kubernetes.io/worker": "" } },
    ]);
  });

  it("refuses a selector no label can satisfy (host names of the homelab)", () => {
    const policies = policyWith(
      "    matchExpressions:\n      - key: kubernetes.io/hostname\n        operator: In\n        values: [nuc-1, nuc-2]\n",
    );
    expect(() =>
      planKind(baseKind(), { clusterName: "c", workers: undefined, l2Policies: policies }),
    ).toThrow(expect.objectContaining({ code: "CC_PLAN_KIND_CONFIG_INVALID", file: "l2.yaml", line: 6 }));
  });
});
