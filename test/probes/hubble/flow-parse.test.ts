import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatFlowLine } from "../../../src/probes/hubble/flow-lines.ts";
import { parseFlow, readTimestamp } from "../../../src/probes/hubble/flow-parse.ts";
import { parseJsonpbLines } from "../../../src/probes/hubble/jsonpb-lines.ts";

const fixture = readFileSync(new URL("../fixtures/hubble/flows.jsonl", import.meta.url), "utf8");

describe("parseJsonpbLines on `hubble observe -o jsonpb` output", () => {
  const parsed = parseJsonpbLines(fixture);

  it("reads every flow and the non-flow events apart", () => {
    expect(parsed.flows).toHaveLength(11);
    expect(parsed.lostEvents).toBe(3);
    expect(parsed.nodeStatus).toEqual([
      'NODE_UNAVAILABLE kind-conformance/kind-worker3: connection error: desc = "transport: Error while dialing: dial tcp 172.18.0.5:4244: connect: connection refused"',
    ]);
    expect(parsed.invalid).toEqual([]);
  });

  it("parses a forwarded TCP flow", () => {
    const syn = parsed.flows[0];
    expect(syn).toMatchObject({
      time: "2026-11-20T09:00:01.100200300Z",
      epochMs: Date.UTC(2026, 10, 20, 9, 0, 1, 100),
      verdict: "FORWARDED",
      nodeName: "kind-conformance/kind-worker",
      sourceIp: "10.244.1.17",
      destinationIp: "10.244.1.42",
      source: { namespace: "conformance-http", podName: "client-6c8f7d9b5-m4tqz", identity: 48211 },
      destination: { namespace: "conformance-http", podName: "echo-v1-7d4b9c-x2k8p" },
      l4: { protocol: "TCP", sourcePort: 51724, destinationPort: 3000, tcpFlags: ["SYN"] },
      isReply: false,
      type: "L3_L4",
      trafficDirection: "EGRESS",
    });
    expect(syn?.source.labels).toContain("k8s:app=client");
    expect(syn?.dropReason).toBeUndefined();
    expect(parsed.flows[1]).toMatchObject({ isReply: true, l4: { tcpFlags: ["SYN", "ACK"] } });
  });

  it("parses a drop with its reason", () => {
    const drop = parsed.flows[2];
    expect(drop).toMatchObject({
      verdict: "DROPPED",
      dropReason: "POLICY_DENIED",
      nodeName: "kind-conformance/kind-worker2",
      destination: { podName: "echo-v2-5f6a1e-q9w3z" },
    });
    expect(formatFlowLine(drop!)).toBe(
      "DROPPED    conformance-http/client-6c8f7d9b5-m4tqz -> conformance-http/echo-v2-5f6a1e-q9w3z TCP 3000 POLICY_DENIED",
    );
  });

  it("parses L7 HTTP request and response", () => {
    const [request, response] = [parsed.flows[3], parsed.flows[4]];
    expect(request?.l7).toEqual({
      type: "REQUEST",
      http: { method: "GET", url: "http://echo.home.example/items?page=2", protocol: "HTTP/1.1" },
    });
    expect(response?.l7).toEqual({
      type: "RESPONSE",
      latencyNs: "3981204",
      http: { code: 200, method: "GET", url: "http://echo.home.example/items?page=2", protocol: "HTTP/1.1" },
    });
    expect(response).toMatchObject({
      type: "L7",
      isReply: true,
      destination: { labels: ["reserved:ingress"] },
    });
    expect(formatFlowLine(response!)).toBe(
      "FORWARDED  conformance-http/echo-v1-7d4b9c-x2k8p -> reserved:ingress TCP 40112 HTTP RESPONSE GET http://echo.home.example/items?page=2 200 (reply)",
    );
  });

  it("parses DNS, ICMPv6 without endpoints, and drops to the world", () => {
    const answer = parsed.flows[7];
    expect(answer?.l7?.dns).toEqual({
      query: "echo-v1.conformance-http.svc.cluster.local.",
      rcode: 0,
      qtypes: ["A"],
      ips: ["10.96.41.7"],
    });
    expect(answer?.l4).toEqual({ protocol: "UDP", sourcePort: 53, destinationPort: 45120 });
    const icmp = parsed.flows[9];
    expect(icmp).toMatchObject({
      verdict: "DROPPED",
      dropReason: "INVALID_SOURCE_IP",
      l4: { protocol: "ICMPv6", icmpType: 133 },
    });
    expect(formatFlowLine(icmp!)).toBe(
      "DROPPED    fe80::a8c1:abff:fe3e:1 -> ff02::2 ICMPv6 type 133 INVALID_SOURCE_IP",
    );
    expect(formatFlowLine(parsed.flows[8]!)).toBe(
      "DROPPED    other-app/web-0 -> reserved:world TCP 443 POLICY_DENIED",
    );
  });

  it("accepts bare Flow lines, skips agent events and lists bad lines by number", () => {
    const text = [
      '{"time":"2026-11-20T10:00:00Z","verdict":"FORWARDED","source":{"namespace":"a","pod_name":"p"},"destination":{"namespace":"b","pod_name":"q"}}',
      "",
      '{"agent_event":{"type":"ENDPOINT_CREATED"},"node_name":"n","time":"2026-11-20T10:00:01Z"}',
      "not json",
      '{"something":"else"}',
    ].join("\n");
    const result = parseJsonpbLines(text);
    expect(result.flows.map((f) => `${f.source.podName}->${f.destination.podName}`)).toEqual(["p->q"]);
    expect(result.otherEvents).toBe(1);
    expect(result.invalid.map((i) => i.line)).toEqual([4, 5]);
    expect(result.invalid[1]?.reason).toBe("no flow in the event (keys: something)");
  });
});

describe("parseFlow on gRPC-decoded messages", () => {
  it("reads Timestamp and BoolValue messages like their jsonpb forms", () => {
    const flow = parseFlow({
      time: { seconds: "1795165202", nanos: 500000001 },
      verdict: "DROPPED",
      drop_reason_desc: 181,
      is_reply: {},
      source: { namespace: "x", pod_name: "a" },
      destination: { namespace: "x", pod_name: "b" },
      l4: { UDP: { source_port: 1, destination_port: 8125 } },
    });
    expect(flow.time).toBe("2026-11-20T09:00:02.500000001Z");
    expect(flow.epochMs).toBe(1795165202500);
    expect(flow.isReply).toBe(false);
    // a reason our proto does not name stays visible as its number
    expect(flow.dropReason).toBe("181");
    expect(readTimestamp({ seconds: "0" })).toEqual({ time: "1970-01-01T00:00:00Z", epochMs: 0 });
  });
});
