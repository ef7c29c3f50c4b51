import { afterEach, describe, expect, it } from "vitest";
import { connectRelay, type HubbleRelayClient } from "../../src/probes/hubble/relay-client.ts";
import { dropsInNamespaceSince, waitForRelayNodes } from "../../src/probes/hubble.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { type FakeRelay, startFakeRelay } from "./fixtures/hubble/fake-relay.ts";

let relay: FakeRelay | undefined;
let client: HubbleRelayClient | undefined;
afterEach(async () => {
  client?.close();
  await relay?.close();
});

describe("dropsInNamespaceSince", () => {
  it("lists the namespace's drops since T as readable lines, with the relay's caveats", async () => {
    relay = await startFakeRelay();
    client = connectRelay(relay.address);
    const report = await dropsInNamespaceSince(client, "conformance-http", new Date("2026-11-20T09:00:00Z"));
    expect(report.lines).toEqual([
      "DROPPED    conformance-http/client-6c8f7d9b5-m4tqz -> conformance-http/echo-v2-5f6a1e-q9w3z TCP 3000 POLICY_DENIED",
      "DROPPED    conformance-http/client-6c8f7d9b5-m4tqz -> conformance-http/echo-v2-5f6a1e-q9w3z UDP 8125 POLICY_DENY",
    ]);
    expect(report.lostEvents).toBe(3);
    expect(report.nodeStatus).toHaveLength(1);
    const later = await dropsInNamespaceSince(client, "conformance-http", new Date("2026-11-20T09:00:05Z"));
    expect(later.drops.map((d) => d.dropReason)).toEqual(["POLICY_DENY"]);
  });
});

describe("waitForRelayNodes", () => {
  it("times out naming the unavailable node", async () => {
    relay = await startFakeRelay({
      status: {
        num_connected_nodes: 2,
        num_unavailable_nodes: 1,
        unavailable_nodes: ["kind-conformance/kind-worker3"],
      },
    });
    client = connectRelay(relay.address);
    await expect(
      waitForRelayNodes(client, { expectedNodes: 3, budgetMs: 6000, clock: manualClock() }),
    ).rejects.toThrow(
      "hubbleRelayReady: not all 3 nodes connected after 6s (last: 2/3 nodes connected, unavailable: kind-conformance/kind-worker3; flows 0/0 (seen 0))",
    );
    // A conformance failure (exit 1), not an infrastructure one: Relay answered, a node did not.
    await expect(
      waitForRelayNodes(client, { expectedNodes: 3, budgetMs: 6000, clock: manualClock() }),
    ).rejects.toMatchObject({ exitCode: 1 });
  });

  it("returns the status once every node is connected", async () => {
    relay = await startFakeRelay({
      status: { num_connected_nodes: 3, num_unavailable_nodes: 0, num_flows: "12" },
    });
    client = connectRelay(relay.address);
    const status = await waitForRelayNodes(client, {
      expectedNodes: 3,
      budgetMs: 6000,
      clock: manualClock(),
    });
    expect(status).toMatchObject({ connectedNodes: 3, numFlows: 12, healthy: true });
  });
});
