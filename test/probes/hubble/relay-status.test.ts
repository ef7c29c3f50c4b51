import { describe, expect, it } from "vitest";
import { describeRelayStatus, parseRelayStatus } from "../../../src/probes/hubble/relay-status.ts";

describe("parseRelayStatus", () => {
  it("reads `hubble status -o json` of a relay with every node connected", () => {
    const status = parseRelayStatus({
      num_flows: "12285",
      max_flows: "12285",
      seen_flows: "40211",
      uptime_ns: "920114500211",
      num_connected_nodes: 3,
      num_unavailable_nodes: 0,
      version: "hubble-relay v1.18.3",
    });
    expect(status).toMatchObject({ numFlows: 12285, connectedNodes: 3, unavailableNodes: 0, healthy: true });
    expect(describeRelayStatus(status)).toBe(
      "3/3 nodes connected; flows 12285/12285 (seen 40211); hubble-relay v1.18.3",
    );
  });

  it("reads a gRPC response with unavailable nodes (wrappers as messages, 0 as {})", () => {
    const status = parseRelayStatus({
      num_flows: "8190",
      max_flows: "12285",
      seen_flows: "9000",
      num_connected_nodes: { value: 2 },
      num_unavailable_nodes: { value: 1 },
      unavailable_nodes: ["kind-conformance/kind-worker3"],
    });
    expect(status).toMatchObject({ connectedNodes: 2, unavailableNodes: 1, healthy: false });
    expect(describeRelayStatus(status)).toBe(
      "2/3 nodes connected, unavailable: kind-conformance/kind-worker3; flows 8190/12285 (seen 9000)",
    );
    expect(parseRelayStatus({ num_connected_nodes: { value: 1 }, num_unavailable_nodes: {} }).healthy).toBe(
      true,
    );
  });

  it("does not call a single agent's Hubble (no node counts) healthy", () => {
    const status = parseRelayStatus({
      num_flows: "2031",
      max_flows: "4095",
      seen_flows: "2348885",
      version: "cilium v1.18.3",
    });
    expect(status.connectedNodes).toBeUndefined();
    expect(status.healthy).toBe(false);
    expect(describeRelayStatus(status)).toContain("node count not reported");
  });
});
