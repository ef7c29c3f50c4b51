import { afterEach, describe, expect, it } from "vitest";
import { connectRelay, type HubbleRelayClient } from "../../../src/probes/hubble/relay-client.ts";
import { type FakeRelay, startFakeRelay } from "../fixtures/hubble/fake-relay.ts";

let relay: FakeRelay | undefined;
let client: HubbleRelayClient | undefined;
afterEach(async () => {
  client?.close();
  await relay?.close();
  client = undefined;
  relay = undefined;
});

describe("connectRelay against a local gRPC Observer", () => {
  it("sends the namespace, verdict and since filters, and gets only matching flows back", async () => {
    relay = await startFakeRelay();
    client = connectRelay(relay.address);
    const since = new Date("2026-11-20T09:00:02Z");
    const result = await client.flows({ namespace: "conformance-http", verdicts: ["DROPPED"], since });
    // what went over the wire, as the server decoded it
    expect(relay.requests).toHaveLength(1);
    expect(relay.requests[0]).toMatchObject({
      whitelist: [
        { source_pod: ["conformance-http/"], verdict: ["DROPPED"] },
        { destination_pod: ["conformance-http/"], verdict: ["DROPPED"] },
      ],
      since: { seconds: String(since.getTime() / 1000), nanos: 0 },
    });
    expect(relay.requests[0]?.number).toBeUndefined();
    expect(result.flows.map((flow) => [flow.verdict, flow.dropReason, flow.destination.podName])).toEqual([
      ["DROPPED", "POLICY_DENIED", "echo-v2-5f6a1e-q9w3z"],
      ["DROPPED", "POLICY_DENY", "echo-v2-5f6a1e-q9w3z"],
    ]);
    expect(result.lostEvents).toBe(3);
    expect(result.nodeStatus[0]).toMatch(
      /^NODE_UNAVAILABLE kind-conformance\/kind-worker3: connection error/,
    );
  });

  it("a signal already aborted when flows() is called: no call is made, nothing is returned", async () => {
    relay = await startFakeRelay();
    client = connectRelay(relay.address);
    const result = await client.flows({ namespace: "conformance-http" }, { signal: AbortSignal.abort() });
    expect(result).toEqual({ flows: [], nodeStatus: [], lostEvents: 0 });
    expect(relay.requests).toHaveLength(0);
  });

  it("parses forwarded and L7 HTTP flows received over gRPC, filtered by pod", async () => {
    relay = await startFakeRelay();
    client = connectRelay(relay.address);
    const result = await client.flows({
      namespace: "conformance-http",
      pod: "echo-v1-",
      verdicts: ["FORWARDED"],
    });
    expect(relay.requests[0]).toMatchObject({
      number: "1000",
      whitelist: [
        { source_pod: ["conformance-http/echo-v1-"], verdict: ["FORWARDED"] },
        { destination_pod: ["conformance-http/echo-v1-"], verdict: ["FORWARDED"] },
      ],
    });
    expect(result.flows).toHaveLength(4);
    const [syn, synAck, request, response] = result.flows;
    expect(syn).toMatchObject({
      time: "2026-11-20T09:00:01.100200300Z",
      verdict: "FORWARDED",
      isReply: false,
      nodeName: "kind-conformance/kind-worker",
      l4: { protocol: "TCP", destinationPort: 3000, tcpFlags: ["SYN"] },
    });
    expect(synAck?.isReply).toBe(true);
    expect(request?.l7).toMatchObject({ type: "REQUEST", http: { method: "GET" } });
    expect(response?.l7).toEqual({
      type: "RESPONSE",
      latencyNs: "3981204",
      http: { code: 200, method: "GET", url: "http://echo.home.example/items?page=2", protocol: "HTTP/1.1" },
    });
  });

  it("reports relay status with unavailable nodes", async () => {
    relay = await startFakeRelay({
      status: {
        num_flows: "8190",
        max_flows: "12285",
        seen_flows: "10477",
        uptime_ns: "86400000000000",
        num_connected_nodes: 2,
        num_unavailable_nodes: 1,
        unavailable_nodes: ["kind-conformance/kind-worker3"],
        version: "hubble-relay v1.18.3",
      },
    });
    client = connectRelay(relay.address);
    expect(await client.status()).toEqual({
      numFlows: 8190,
      maxFlows: 12285,
      seenFlows: 10477,
      uptimeNs: "86400000000000",
      connectedNodes: 2,
      unavailableNodes: 1,
      unavailableNodeNames: ["kind-conformance/kind-worker3"],
      version: "hubble-relay v1.18.3",
      healthy: false,
    });
  });

  it("fails with an environment error naming the relay when nothing listens", async () => {
    relay = await startFakeRelay();
    const address = relay.address;
    await relay.close();
    relay = undefined;
    client = connectRelay(address, { defaultDeadlineMs: 2000 });
    const error = await client.status().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CC_ENV_HUBBLE_RELAY_UNREACHABLE", exitCode: 3 });
    expect((error as Error).message).toMatch(
      new RegExp(`^Hubble Relay at ${address}: ServerStatus failed with (UNAVAILABLE|DEADLINE_EXCEEDED)`),
    );
  });
});
