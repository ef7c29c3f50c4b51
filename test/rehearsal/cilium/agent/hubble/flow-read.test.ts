import { describe, expect, it } from "vitest";
import { compileFlowFilters } from "../../../../../rehearsal/cilium/agent/hubble/flow-filter.ts";
import { readFlows } from "../../../../../rehearsal/cilium/agent/hubble/flow-read.ts";
import { FlowRing } from "../../../../../rehearsal/cilium/agent/hubble/flow-ring.ts";
import { type Flow, wireTimestamp } from "../../../../../rehearsal/cilium/agent/hubble/flow-types.ts";

function flow(ms: number, ns: string, pod: string, verdict: Flow["verdict"] = "FORWARDED"): Flow {
  return {
    time: wireTimestamp(ms),
    verdict,
    IP: { source: "10.244.1.2", destination: "10.244.2.3", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 1000 + ms, destination_port: 80 } },
    source: { namespace: "other", pod_name: "client", labels: ["k8s:app=client"] },
    destination: { namespace: ns, pod_name: pod, labels: [`k8s:app=${pod.split("-")[0]}`] },
    Type: "L3_L4",
    node_name: "kind-x/kind-x-worker",
    event_type: { type: 4, sub_type: 0 },
    traffic_direction: "INGRESS",
    Summary: "TCP Flags: SYN",
  };
}

const buffer = [
  flow(1000, "a", "echo-1"),
  flow(2000, "b", "echo-2"),
  flow(3000, "a", "web-1", "DROPPED"),
  flow(4000, "a", "echo-3"),
  flow(5000, "b", "echo-4"),
];

const ms = (flows: Flow[]) => flows.map((f) => Number(f.time.seconds) * 1000);

describe("readFlows (local observer semantics)", () => {
  it("returns the last `number` flows, oldest first", () => {
    expect(ms(readFlows(buffer, { number: "2" }))).toEqual([4000, 5000]);
  });

  it("counts only matching flows when rewinding", () => {
    const request = { number: "2", whitelist: [{ destination_pod: ["a/"] }] };
    expect(ms(readFlows(buffer, request))).toEqual([3000, 4000]);
  });

  it("reads everything since `since` (since wins over number) and stops after `until`", () => {
    expect(ms(readFlows(buffer, { since: wireTimestamp(2500) }))).toEqual([3000, 4000, 5000]);
    expect(ms(readFlows(buffer, { since: wireTimestamp(1500), until: wireTimestamp(3500) }))).toEqual([
      2000, 3000,
    ]);
  });

  it("reads from the oldest with `first`", () => {
    expect(ms(readFlows(buffer, { first: true, number: "2" }))).toEqual([1000, 2000]);
  });

  it("refuses first with follow", () => {
    expect(() => readFlows(buffer, { first: true, follow: true })).toThrow(
      "first cannot be specified with follow",
    );
  });
});

describe("flow filters", () => {
  it("ORs whitelist filters, ANDs fields inside one, and applies the blacklist", () => {
    const match = compileFlowFilters(
      [{ destination_pod: ["a/echo"], verdict: ["FORWARDED"] }, { source_pod: ["b/"] }],
      [{ destination_pod: ["a/echo-3"] }],
    );
    expect(buffer.filter(match).map((f) => f.destination.pod_name)).toEqual(["echo-1"]);
  });

  it("a bare pod name means namespace default; labels match with or without source prefix", () => {
    expect(compileFlowFilters([{ destination_pod: ["echo"] }])(buffer[0]!)).toBe(false);
    expect(compileFlowFilters([{ destination_label: ["app=web"] }])(buffer[2]!)).toBe(true);
    expect(compileFlowFilters([{ destination_label: ["k8s:app=web"] }])(buffer[2]!)).toBe(true);
    expect(compileFlowFilters([{ destination_label: ["reserved:app=web"] }])(buffer[2]!)).toBe(false);
  });

  it("matches IPs and CIDRs, ports, protocol and node names with wildcards", () => {
    const f = buffer[0]!;
    expect(
      compileFlowFilters([
        { destination_ip: ["10.244.2.0/24"], protocol: ["TCP"], destination_port: ["80"] },
      ])(f),
    ).toBe(true);
    expect(compileFlowFilters([{ source_ip: ["10.244.2.0/24"] }])(f)).toBe(false);
    expect(compileFlowFilters([{ node_name: ["kind-x-w*"] }])(f)).toBe(true);
    expect(compileFlowFilters([{ node_name: ["other/*"] }])(f)).toBe(false);
  });
});

describe("FlowRing", () => {
  it("keeps the newest `capacity` flows and counts every flow seen", () => {
    const ring = new FlowRing(3);
    const seen: number[] = [];
    ring.follow((f) => seen.push(Number(f.time.seconds)));
    for (const f of buffer) ring.write(f);
    expect(ms(ring.snapshot())).toEqual([3000, 4000, 5000]);
    expect(ring.seenFlows).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});
