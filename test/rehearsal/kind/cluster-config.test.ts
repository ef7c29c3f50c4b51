import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  kubernetesVersionOf,
  nodeNames,
  parseClusterConfig,
} from "../../../rehearsal/kind/cluster-config.ts";

describe("parseClusterConfig (kind.x-k8s.io/v1alpha4 with kind's defaults)", () => {
  it("reads the project's kind config: one control plane, two workers, no CNI, no kube-proxy", () => {
    const spec = parseClusterConfig(readFileSync("kind-config.yaml", "utf8"), "cc-x");
    expect(spec.nodes.map((n) => n.role)).toEqual(["control-plane", "worker", "worker"]);
    expect(spec).toMatchObject({
      name: "cc-x",
      podSubnet: "10.244.0.0/16",
      serviceSubnet: "10.96.0.0/16",
      apiServerAddress: "127.0.0.1",
      apiServerPort: 0,
      disableDefaultCNI: true,
      kubeProxyMode: "none",
    });
  });

  it("defaults to one control plane, keeps node labels, and refuses what the double cannot run", () => {
    expect(parseClusterConfig(undefined, "kind").nodes).toEqual([
      { role: "control-plane", image: undefined, labels: {} },
    ]);
    const labelled = parseClusterConfig(
      "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n  labels: {tier: edge}\n",
      "k",
    );
    expect(labelled.nodes[1]?.labels).toEqual({ tier: "edge" });
    expect(() =>
      parseClusterConfig(
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: control-plane\n",
        "k",
      ),
    ).toThrow("exactly one control-plane node");
    expect(() => parseClusterConfig("kind: Cluster\napiVersion: v1\n", "k")).toThrow(
      "unknown apiVersion/kind",
    );
  });
});

describe("kind's node names and node image version", () => {
  it("names nodes role, role2, role3 per role (common/namer.go)", () => {
    const spec = parseClusterConfig(readFileSync("kind-config.yaml", "utf8"), "cc-1");
    expect(nodeNames("cc-1", spec.nodes)).toEqual(["cc-1-control-plane", "cc-1-worker", "cc-1-worker2"]);
  });

  it("reads the Kubernetes version from the node image tag", () => {
    expect(kubernetesVersionOf("kindest/node:v1.35.0@sha256:452d707d")).toBe("v1.35.0");
    expect(kubernetesVersionOf("kindest/node:v1.34.3")).toBe("v1.34.3");
  });
});
