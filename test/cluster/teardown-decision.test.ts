import { describe, expect, it } from "vitest";
import { type DockerInventory, decideTeardown } from "../../src/cluster/teardown-decision.ts";

const managed = (runId: string) => ({
  "io.cilium-conformance/managed": "true",
  "io.cilium-conformance/run-id": runId,
});
const kindNode = (cluster: string, name: string, networks: string[]) => ({
  name,
  labels: { "io.x-k8s.kind.cluster": cluster, "io.x-k8s.kind.role": "worker" },
  networks,
});

function inventory(): DockerInventory {
  return {
    networks: [
      {
        name: "cc-lan-r1",
        labels: managed("r1"),
        containers: ["cc-r1-control-plane", "cc-r1-worker", "lan-client-r1"],
      },
      { name: "cc-lan-r2", labels: managed("r2"), containers: ["cc-r2-control-plane"] },
      { name: "cc-lan-r3", labels: managed("r3"), containers: ["someone-elses-container"] },
    ],
    kindNodes: [
      kindNode("cc-r1", "cc-r1-control-plane", ["cc-lan-r1"]),
      kindNode("cc-r1", "cc-r1-worker", ["cc-lan-r1"]),
      kindNode("cc-r2", "cc-r2-control-plane", ["cc-lan-r2"]),
      // The user's own kind clusters: on kind's default network, or named like ours but elsewhere.
      kindNode("dev", "dev-control-plane", ["kind"]),
      kindNode("cc-lookalike", "cc-lookalike-control-plane", ["kind"]),
      // A custom-named harness cluster (up --name lab).
      kindNode("lab", "lab-control-plane", ["cc-lan-r2"]),
    ],
    labelledContainers: [{ name: "lan-client-r1", labels: managed("r1"), networks: ["cc-lan-r1"] }],
  };
}

describe("decideTeardown", () => {
  it("leaves a container whose harness labels, run id included, all come from its image", () => {
    // An image built with both labels (say, from a harness container committed by hand): every
    // container made from it inherits them, so they prove nothing about who started it.
    const base = inventory();
    const decision = decideTeardown(
      {
        ...base,
        networks: [{ name: "cc-lan-r1", labels: managed("r1"), containers: ["lan-client-r1", "copy"] }],
        labelledContainers: [
          ...base.labelledContainers,
          { name: "copy", labels: managed("r1"), imageLabels: managed("r1"), networks: ["cc-lan-r1"] },
        ],
      },
      { all: true },
    );
    expect(decision.containers).toEqual(["lan-client-r1"]);
    expect(decision.leftAlone).toContainEqual({
      name: "container copy",
      why: "its run id r1 comes from its image's labels, not from the harness at start (its image carries the harness label)",
    });
    expect(decision.networks).not.toContain("cc-lan-r1");
  });

  it("with --all removes every harness cluster, container and network, and nothing else", () => {
    const decision = decideTeardown(inventory(), { all: true });
    expect(decision.clusters).toEqual(["cc-r1", "cc-r2"]);
    expect(decision.containers).toEqual(["lan-client-r1"]);
    // cc-lan-r2 still carries the custom-named cluster "lab", which --all does not remove.
    expect(decision.networks).toEqual(["cc-lan-r1"]);
    expect(decision.leftAlone).toEqual([
      { name: "kind cluster cc-lookalike", why: "its nodes are not on a network the harness labelled" },
      {
        name: "kind cluster lab",
        why: 'its name lacks the harness prefix "cc-" (remove it with down --run-id)',
      },
      {
        name: "network cc-lan-r2",
        why: "containers the harness does not remove are attached: lab-control-plane",
      },
      {
        name: "network cc-lan-r3",
        why: "containers the harness does not remove are attached: someone-elses-container",
      },
    ]);
    expect(decision.clusters).not.toContain("dev");
  });

  it("for one run removes only that run's objects", () => {
    const decision = decideTeardown(inventory(), { all: false, runId: "r1", clusterName: "cc-r1" });
    expect(decision).toEqual({
      clusters: ["cc-r1"],
      containers: ["lan-client-r1"],
      networks: ["cc-lan-r1"],
      leftAlone: [],
    });
  });

  it("removes a custom-named cluster through its run, when it is the recorded one", () => {
    const decision = decideTeardown(inventory(), { all: false, runId: "r2", clusterName: "lab" });
    expect(decision.clusters).toEqual(["lab"]);
    expect(decision.leftAlone).toEqual([
      { name: "kind cluster cc-r2", why: "it is not the cluster recorded for this run" },
      {
        name: "network cc-lan-r2",
        why: "containers the harness does not remove are attached: cc-r2-control-plane",
      },
    ]);
  });

  it("never removes a cluster with one node off the harness network", () => {
    const inv = inventory();
    inv.kindNodes.push(kindNode("cc-r1", "cc-r1-worker2", ["bridge"]));
    const decision = decideTeardown(inv, { all: true });
    expect(decision.clusters).toEqual(["cc-r2"]);
  });
});
