import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ciliumPodLabels,
  identityFor,
  type PodEndpoint,
} from "../../../../../rehearsal/cilium/agent/hubble/endpoint-identity.ts";
import {
  connectionClosed,
  connectionOpened,
  type ServedTraffic,
  serviceDrop,
} from "../../../../../rehearsal/cilium/agent/hubble/flow-builder.ts";
import { type Flow, wireTimestamp } from "../../../../../rehearsal/cilium/agent/hubble/flow-types.ts";

const SAMPLES = join(import.meta.dirname, "../../../../../../shared/cilium-samples/hubble-flows");

function pod(name: string, ip: string, nodeName: string, local?: number): PodEndpoint {
  const labels = ciliumPodLabels(
    {
      namespace: "cc-hubble",
      name,
      nodeName,
      ip,
      labels: { app: name.split("-")[0]! },
      serviceAccount: "default",
      namespaceLabels: {},
    },
    "kind-cc",
  );
  return {
    kind: "pod",
    ip,
    namespace: "cc-hubble",
    podName: name,
    nodeName,
    labels,
    identity: identityFor(labels),
    ...(local ? { endpointId: local } : {}),
  };
}

const traffic: ServedTraffic = {
  protocol: "TCP",
  client: { endpoint: pod("client", "10.244.1.7", "kind-worker", 412), port: 40112 },
  destination: { endpoint: pod("echo-abc", "10.244.2.9", "kind-worker2"), port: 8080 },
  service: { namespace: "cc-hubble", name: "echo" },
  destinationLocal: false,
};

let clock = 1_760_000_000_000;
function nextTime() {
  clock += 1;
  return wireTimestamp(clock);
}
const context = { nodeName: "kind-cc/kind-worker", podNames: true, time: nextTime };

// Set by Cilium's parser (pkg/hubble/parser/threefour/parser.go: DropReason, SourceService,
// DestinationService) but in none of the collected samples.
const PARSER_FIELDS_NOT_IN_SAMPLES = [
  "drop_reason",
  "source_service.name",
  "source_service.namespace",
  "destination_service.name",
  "destination_service.namespace",
];

/** The jsonpb form `hubble observe -o jsonpb` prints for a proto-loader object. */
function jsonpb(flow: Flow): Record<string, unknown> {
  const { time, is_reply, ...rest } = flow;
  return { ...rest, time: new Date(Number(time.seconds) * 1000).toISOString(), is_reply: is_reply?.value };
}

function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keyPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe("flow builder", () => {
  it("reports a served connection as SYN then the SYN-ACK reply, translated for the Service, pods named", () => {
    const [syn, synAck] = connectionOpened(traffic, context);
    expect(syn).toMatchObject({
      verdict: "FORWARDED",
      IP: { source: "10.244.1.7", destination: "10.244.2.9", ipVersion: "IPv4" },
      l4: { TCP: { source_port: 40112, destination_port: 8080, flags: { SYN: true } } },
      source: { ID: 412, namespace: "cc-hubble", pod_name: "client" },
      destination: { namespace: "cc-hubble", pod_name: "echo-abc" },
      destination_service: { namespace: "cc-hubble", name: "echo" },
      is_reply: { value: false },
      Type: "L3_L4",
      event_type: { type: 4, sub_type: 3 },
      trace_observation_point: "TO_STACK",
      node_name: "kind-cc/kind-worker",
      Summary: "TCP Flags: SYN",
    });
    expect(synAck).toMatchObject({
      IP: { source: "10.244.2.9", destination: "10.244.1.7" },
      l4: { TCP: { source_port: 8080, destination_port: 40112, flags: { SYN: true, ACK: true } } },
      is_reply: { value: true },
      trace_observation_point: "TO_ENDPOINT",
      Summary: "TCP Flags: SYN, ACK",
    });
    expect(syn!.source.labels).toContain("k8s:io.kubernetes.pod.namespace=cc-hubble");
    expect(syn!.source.identity).toBeGreaterThanOrEqual(256);
    expect(connectionClosed(traffic, context)[0]!.Summary).toBe("TCP Flags: ACK, FIN");
  });

  it("names no pod when told not to (the 'flows without pod names' fault)", () => {
    const [syn] = connectionOpened(traffic, { ...context, podNames: false });
    expect(syn!.source.pod_name).toBeUndefined();
    expect(syn!.destination.namespace).toBeUndefined();
  });

  it("reports a Service without backends as a drop with the real reason", () => {
    const [drop] = serviceDrop(
      { ...traffic, destination: { endpoint: { kind: "world", ip: "10.96.12.1" }, port: 80 } },
      context,
    );
    expect(drop).toMatchObject({
      verdict: "DROPPED",
      drop_reason: 158,
      drop_reason_desc: "SERVICE_BACKEND_NOT_FOUND",
      event_type: { type: 1, sub_type: 158 },
    });
  });

  it("writes only field paths that real Hubble flows have (cilium-samples/hubble-flows)", () => {
    const real = new Set<string>();
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith(".jsonl"))) {
      for (const line of readFileSync(join(SAMPLES, file), "utf8").split("\n")) {
        if (!line.trim()) continue;
        const parsed = JSON.parse(line) as { flow?: unknown };
        for (const path of keyPaths(parsed.flow ?? parsed)) real.add(path);
      }
    }
    const ours = new Set(
      [...connectionOpened(traffic, context), ...serviceDrop(traffic, context)].flatMap((f) =>
        keyPaths(jsonpb(f)),
      ),
    );
    const unknown = [...ours].filter(
      (path) => !real.has(path) && !PARSER_FIELDS_NOT_IN_SAMPLES.includes(path),
    );
    expect(unknown).toEqual([]);
  });
});
