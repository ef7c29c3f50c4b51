import { connect } from "node:net";
import type { V1Pod } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ConnectionForwarder,
  type LocalForward,
  listenAndForward,
} from "../../../src/k8s/local-forward.ts";
import { connectRelay, type HubbleRelayClient } from "../../../src/probes/hubble/relay-client.ts";
import { pickReadyPod } from "../../../src/probes/hubble/relay-port-forward.ts";
import { type FakeRelay, startFakeRelay } from "../fixtures/hubble/fake-relay.ts";

let relay: FakeRelay | undefined;
let forward: LocalForward | undefined;
let client: HubbleRelayClient | undefined;
afterEach(async () => {
  client?.close();
  await forward?.close();
  await relay?.close();
  client = undefined;
  forward = undefined;
  relay = undefined;
});

/** Stands in for the API server's port-forward stream: pipes each connection to a TCP address. */
function tcpForwarder(port: number, opened: string[]): ConnectionForwarder {
  return async (socket) => {
    const upstream = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      upstream.once("connect", resolve);
      upstream.once("error", reject);
    });
    opened.push(`${socket.remotePort}`);
    socket.pipe(upstream).pipe(socket);
    upstream.on("error", () => socket.destroy());
    return () => upstream.destroy();
  };
}

describe("listenAndForward", () => {
  it("carries gRPC from a local port to the relay through the forwarder", async () => {
    relay = await startFakeRelay({ status: { num_connected_nodes: 3, num_unavailable_nodes: 0 } });
    const opened: string[] = [];
    forward = await listenAndForward(tcpForwarder(Number(relay.address.split(":")[1]), opened));
    expect(forward.address).toMatch(/^127\.0\.0\.1:\d+$/);
    client = connectRelay(forward.address);
    expect((await client.status()).healthy).toBe(true);
    const flows = await client.flows({ namespace: "other-app" });
    expect(flows.flows.map((flow) => flow.source.podName)).toEqual(["web-0", "web-0"]);
    // gRPC keeps one HTTP/2 connection: one forwarded stream for both calls
    expect(forward.connections()).toBe(1);
    expect(opened).toHaveLength(1);
    expect(forward.errors).toEqual([]);
  });

  it("closes the local connection and records why when forwarding fails", async () => {
    forward = await listenAndForward(async () => {
      throw new Error('error upgrading connection: pods "hubble-relay-0" not found');
    });
    client = connectRelay(forward.address, { defaultDeadlineMs: 1500 });
    const error = await client.status().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CC_ENV_HUBBLE_RELAY_UNREACHABLE" });
    expect(forward.connections()).toBeGreaterThanOrEqual(1);
    expect(forward.errors[0]).toBe('error upgrading connection: pods "hubble-relay-0" not found');
  });

  it("tears the forwarded stream down when the local side closes", async () => {
    let tornDown = 0;
    forward = await listenAndForward(async () => () => {
      tornDown += 1;
    });
    const socket = connect(forward.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    // Closed once the listener has taken the connection (an event, not a 20 ms sleep); the bound
    // is only there to fail a broken teardown, far above the few event-loop turns it takes.
    await expect.poll(() => forward?.connections(), { timeout: 10_000 }).toBe(1);
    socket.destroy();
    await expect.poll(() => tornDown, { timeout: 10_000 }).toBe(1);
  });
});

describe("pickReadyPod", () => {
  const pod = (name: string, phase: string, ready: string, deleting = false): V1Pod => ({
    metadata: { name, ...(deleting ? { deletionTimestamp: new Date() } : {}) },
    status: { phase, conditions: [{ type: "Ready", status: ready }] },
  });

  it("takes the first Running, Ready pod that is not being deleted", () => {
    expect(
      pickReadyPod([
        pod("hubble-relay-a", "Pending", "False"),
        pod("hubble-relay-b", "Running", "True", true),
        pod("hubble-relay-c", "Running", "False"),
        pod("hubble-relay-d", "Running", "True"),
      ]),
    ).toBe("hubble-relay-d");
    expect(pickReadyPod([pod("x", "Running", "False")])).toBeUndefined();
    expect(pickReadyPod([])).toBeUndefined();
  });
});
