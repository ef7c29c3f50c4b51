// Hubble Relay double against two agent Hubble servers on loopback: peers learned from the peer
// service, ServerStatus adding up and naming an unavailable node, GetFlows merging both nodes'
// flows in time order — read with the harness's own relay client (the real wire format).

import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { FlowRing } from "../../../../rehearsal/cilium/agent/hubble/flow-ring.ts";
import { type Flow, wireTimestamp } from "../../../../rehearsal/cilium/agent/hubble/flow-types.ts";
import { createHubbleServer, listenHubble } from "../../../../rehearsal/cilium/agent/hubble/hubble-server.ts";
import type { ChangeNotification } from "../../../../rehearsal/cilium/hubble/hubble-protos.ts";
import { PeerManager } from "../../../../rehearsal/cilium/hubble-relay/peer-manager.ts";
import { createRelayServer } from "../../../../rehearsal/cilium/hubble-relay/relay-server.ts";
import { createLogger } from "../../../../rehearsal/cilium/log-line.ts";
import { createClusterPki } from "../../../../rehearsal/kube-api/certificates.ts";
import { connectRelay } from "../../../../src/probes/hubble/relay-client.ts";

const log = createLogger(() => {});
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function flow(ms: number, node: string, pod: string): Flow {
  return {
    time: wireTimestamp(ms),
    verdict: "FORWARDED",
    IP: { source: "10.244.1.2", destination: "10.244.2.3", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 40000, destination_port: 8080, flags: { SYN: true } } },
    source: { namespace: "demo", pod_name: "client", labels: ["k8s:app=client"], identity: 300 },
    destination: { namespace: "demo", pod_name: pod, labels: ["k8s:app=echo"], identity: 301 },
    Type: "L3_L4",
    node_name: node,
    event_type: { type: 4, sub_type: 3 },
    traffic_direction: "EGRESS",
    Summary: "TCP Flags: SYN",
  };
}

async function bind(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) =>
      e ? reject(e) : resolve(port),
    ),
  );
}

async function agent(node: string, flows: Flow[], peers: () => ChangeNotification[]) {
  const ring = new FlowRing(4095);
  for (const f of flows) ring.write(f);
  const server = createHubbleServer({
    ring,
    nodeName: node,
    version: "test",
    log,
    peers: { current: peers, subscribe: () => () => {} },
  });
  const port = await bind(server);
  cleanups.push(() => server.forceShutdown());
  return { server, port };
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A relay following the peer service at `peerService`, and the harness's client of it. */
async function startRelay(peerService: string, credentials: () => grpc.ChannelCredentials, tls: boolean) {
  const manager = new PeerManager({
    peerService,
    clusterName: "kind-x",
    credentials,
    tls,
    mounts: {},
    log,
    retryMs: 1000,
  });
  manager.start();
  cleanups.push(() => manager.stop());
  const relay = createRelayServer({
    peers: () => manager.list(),
    isAvailable: PeerManager.isAvailable,
    version: "test",
    log,
  });
  const relayPort = await bind(relay);
  cleanups.push(() => relay.forceShutdown());
  const client = connectRelay(`127.0.0.1:${relayPort}`);
  cleanups.push(() => client.close());
  return { manager, client };
}

describe("Hubble Relay double", () => {
  it("learns the agents from the peer service, adds up their status and merges their flows in time order", async () => {
    let peers: ChangeNotification[] = [];
    const a = await agent(
      "kind-x/worker",
      [flow(1000, "kind-x/worker", "echo-1"), flow(3000, "kind-x/worker", "echo-3")],
      () => peers,
    );
    const b = await agent("kind-x/worker2", [flow(2000, "kind-x/worker2", "echo-2")], () => peers);
    peers = [
      { name: "kind-x/worker", address: `127.0.0.1:${a.port}`, type: "PEER_ADDED" },
      { name: "kind-x/worker2", address: `127.0.0.1:${b.port}`, type: "PEER_ADDED" },
    ];
    const { client } = await startRelay(
      `127.0.0.1:${a.port}`,
      () => grpc.credentials.createInsecure(),
      false,
    );

    const status = await until(async () => {
      const s = await client.status();
      return s.connectedNodes === 2 ? s : undefined;
    }, "two connected nodes");
    expect(status.unavailableNodeNames).toEqual([]);
    expect(status.seenFlows).toBe(3);

    const result = await client.flows({ namespace: "demo" });
    expect(result.flows.map((f) => f.destination.podName)).toEqual(["echo-1", "echo-2", "echo-3"]);
    expect(result.nodeStatus.join(" ")).toMatch(/CONNECTED/);

    b.server.forceShutdown();
    const degraded = await until(async () => {
      const s = await client.status();
      return s.unavailableNodeNames.length === 1 ? s : undefined;
    }, "one unavailable node");
    expect(degraded.unavailableNodeNames).toEqual(["kind-x/worker2"]);
    expect(degraded.connectedNodes).toBe(1);
  }, 30_000);
});

describe("Hubble Relay double with Hubble TLS (the chart's default)", () => {
  it("reaches agents that demand a client certificate, naming each by <node>.<cluster>.hubble-grpc.cilium.io", async () => {
    // One CA for both sides, as the chart's Helm-generated Hubble PKI: a server certificate for
    // *.kind-x.hubble-grpc.cilium.io on the agents, a client certificate for the relay.
    const pki = await createClusterPki({ serverNames: ["*.kind-x.hubble-grpc.cilium.io"] });
    let peers: ChangeNotification[] = [];
    const ring = new FlowRing(10);
    ring.write(flow(1000, "kind-x/worker", "echo-1"));
    const server = createHubbleServer({
      ring,
      nodeName: "kind-x/worker",
      version: "test",
      log,
      peers: { current: () => peers, subscribe: () => () => {} },
    });
    cleanups.push(() => server.forceShutdown());
    const tls = {
      cert: Buffer.from(pki.server.cert),
      key: Buffer.from(pki.server.key),
      clientCa: Buffer.from(pki.ca.cert),
    };
    const port = await listenHubble(server, { tcp: "127.0.0.1:0", tls }, log);
    peers = [
      {
        name: "kind-x/worker",
        address: `127.0.0.1:${port}`,
        type: "PEER_ADDED",
        tls: { server_name: "worker.kind-x.hubble-grpc.cilium.io" },
      },
    ];
    const withClientCert = () =>
      grpc.credentials.createSsl(
        Buffer.from(pki.ca.cert),
        Buffer.from(pki.admin.key),
        Buffer.from(pki.admin.cert),
      );
    const { client } = await startRelay(`127.0.0.1:${port}`, withClientCert, true);
    const status = await until(async () => {
      const s = await client.status();
      return s.connectedNodes === 1 && s.seenFlows === 1 ? s : undefined;
    }, "the TLS peer connected");
    expect(status.unavailableNodeNames).toEqual([]);
    expect((await client.flows({ namespace: "demo" })).flows.map((f) => f.destination.podName)).toEqual([
      "echo-1",
    ]);

    // Without a client certificate the agent refuses the relay: the node is unavailable.
    const { manager: anonymous } = await startRelay(
      `127.0.0.1:${port}`,
      () => grpc.credentials.createSsl(Buffer.from(pki.ca.cert)),
      true,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(anonymous.list()).toEqual([]);
  }, 30_000);
});
