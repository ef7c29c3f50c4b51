import { describe, expect, it } from "vitest";
import {
  NETWORK_NOT_READY_MESSAGE,
  nodeStatus,
  registrationNode,
  statusChanged,
} from "../../../../rehearsal/node/kubelet/node-object.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;

const settings = {
  nodeName: "cc-1-worker",
  nodeIP: "192.168.5.9",
  providerID: "kind://docker/cc-1/cc-1-worker",
  labels: { "io.cilium-conformance/l2": "yes" },
  kubernetesVersion: "v1.35.0",
  clusterDNS: "10.96.0.10",
  clusterDomain: "cluster.local",
  kubernetesService: { host: "10.96.0.1", port: 443 },
};
const facts = {
  hostname: "cc-1-worker",
  kernelVersion: "6.1.0",
  cpus: 2,
  memoryBytes: 4 * 1024 ** 3,
  bootID: "b",
  machineID: "m",
};

describe("the Node a kubelet registers and reports", () => {
  it("registers with the well-known labels, its own labels, providerID and the not-ready taint", () => {
    const node = registrationNode(settings) as Json;
    expect(node.metadata.labels).toEqual({
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": "cc-1-worker",
      "kubernetes.io/os": "linux",
      "io.cilium-conformance/l2": "yes",
    });
    expect(node.spec).toEqual({
      providerID: settings.providerID,
      taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }],
    });
  });

  it("is NotReady with the runtime's network message until a CNI config exists, then Ready", () => {
    const before = nodeStatus(settings, facts, false, [], "2026-12-03T07:00:00Z") as Json;
    const ready = (s: Json) => s.conditions.find((c: Record<string, unknown>) => c.type === "Ready");
    expect(ready(before)).toMatchObject({
      status: "False",
      reason: "KubeletNotReady",
      message: NETWORK_NOT_READY_MESSAGE,
    });
    expect(before.addresses).toEqual([
      { type: "InternalIP", address: "192.168.5.9" },
      { type: "Hostname", address: "cc-1-worker" },
    ]);
    expect(before.nodeInfo).toMatchObject({
      kubeletVersion: "v1.35.0",
      containerRuntimeVersion: expect.stringMatching(/^containerd:\/\//),
      architecture: "amd64",
    });
    expect(before.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    const after = nodeStatus(settings, facts, true, before.conditions, "2026-12-03T07:01:00Z") as Json;
    expect(ready(after)).toMatchObject({
      status: "True",
      reason: "KubeletReady",
      lastTransitionTime: "2026-12-03T07:01:00Z",
    });
    const memory = after.conditions.find((c: Record<string, unknown>) => c.type === "MemoryPressure");
    expect(memory).toMatchObject({
      status: "False",
      lastTransitionTime: "2026-12-03T07:00:00Z",
      lastHeartbeatTime: "2026-12-03T07:01:00Z",
    });
    expect(statusChanged(before, after)).toBe(true);
    expect(
      statusChanged(after, nodeStatus(settings, facts, true, after.conditions, "2026-12-03T07:02:00Z")),
    ).toBe(false);
  });
});
