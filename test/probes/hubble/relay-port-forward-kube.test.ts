import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRelayPortForward } from "../../../src/probes/hubble/relay-port-forward.ts";
import { dropsInNamespaceSince, openHubble } from "../../../src/probes/hubble.ts";
import { type FakeCluster, startFakeCluster } from "../../k8s/support/fake-cluster.ts";
import { runningPod } from "../../k8s/support/pods.ts";
import { type FakeRelay, startFakeRelay } from "../fixtures/hubble/fake-relay.ts";

// client-node's PortForward for real, against the in-process API server (test/k8s/support):
// gRPC to the relay travels local listener -> WebSocket port-forward channel -> "pod" port 4245.

function relayPod(name: string, ready: boolean) {
  return runningPod({
    namespace: "kube-system",
    name,
    containers: ["hubble-relay"],
    labels: { "k8s-app": "hubble-relay" },
    ready,
  });
}

let cluster: FakeCluster;
let relay: FakeRelay;
beforeEach(async () => {
  cluster = await startFakeCluster();
  relay = await startFakeRelay({ status: { num_connected_nodes: 3, num_unavailable_nodes: 0 } });
});
afterEach(async () => {
  await relay.close();
  await cluster.close();
});

describe("Hubble Relay through client-node's PortForward (fake API server)", () => {
  it("finds the ready relay pod by label and speaks gRPC through the forward", async () => {
    cluster.api.put(relayPod("hubble-relay-7b9c-starting", false));
    cluster.api.put(relayPod("hubble-relay-7b9c-k2x4d", true));
    cluster.api.forwardPort(
      "kube-system",
      "hubble-relay-7b9c-k2x4d",
      4245,
      Number(relay.address.split(":")[1]),
    );
    const hubble = await openHubble(cluster.client.kubeConfig);
    try {
      expect(hubble.pod).toBe("hubble-relay-7b9c-k2x4d");
      expect((await hubble.relay.status()).healthy).toBe(true);
      const drops = await dropsInNamespaceSince(
        hubble.relay,
        "conformance-http",
        new Date("2026-11-20T09:00:00Z"),
      );
      expect(drops.lines).toHaveLength(2);
      expect(
        cluster.api.requestsMatching("UPGRADE", "/pods/hubble-relay-7b9c-k2x4d/portforward")[0]?.query,
      ).toEqual({
        ports: "4245",
      });
      const list = cluster.api.requestsMatching("GET", "/namespaces/kube-system/pods")[0];
      expect(list?.query).toMatchObject({ labelSelector: "k8s-app=hubble-relay" });
    } finally {
      await hubble.close();
    }
  });

  it("says which pods it saw when none is ready", async () => {
    cluster.api.put(relayPod("hubble-relay-7b9c-starting", false));
    const error = await openRelayPortForward(cluster.client.kubeConfig).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CC_ENV_HUBBLE_RELAY_NOT_FOUND", exitCode: 3 });
    expect((error as Error).message).toBe(
      "no ready Hubble Relay pod in kube-system with label k8s-app=hubble-relay (pods: hubble-relay-7b9c-starting (Running))",
    );
  });

  it("reports the forward's error when nothing listens on the relay port", async () => {
    cluster.api.put(relayPod("hubble-relay-7b9c-k2x4d", true));
    const hubble = await openHubble(cluster.client.kubeConfig, { defaultDeadlineMs: 2000 });
    try {
      const error = await hubble.relay.status().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "CC_ENV_HUBBLE_RELAY_UNREACHABLE" });
      expect(hubble.forwardErrors.join("\n")).toContain(
        "port-forward to kube-system/hubble-relay-7b9c-k2x4d:4245: error forwarding port 4245",
      );
    } finally {
      await hubble.close();
    }
  });
});
