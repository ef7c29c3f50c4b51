// Hubble's flow.Flow and observer messages in the shape @grpc/proto-loader gives and takes with
// the project's proto files (src/probes/hubble/proto, keepCase, enums as names, 64-bit integers
// as strings): the form the double's agents produce and its relay forwards.

export interface WireTimestamp {
  seconds: string;
  nanos: number;
}

export interface FlowEndpoint {
  ID?: number;
  identity?: number;
  namespace?: string;
  labels?: string[];
  pod_name?: string;
}

export interface Flow {
  time: WireTimestamp;
  verdict: "FORWARDED" | "DROPPED" | "ERROR" | "AUDIT" | "REDIRECTED" | "TRACED" | "TRANSLATED";
  drop_reason?: number;
  drop_reason_desc?: string;
  IP: { source: string; destination: string; ipVersion: "IPv4" | "IPv6" };
  l4?: {
    TCP?: {
      source_port: number;
      destination_port: number;
      flags?: Partial<Record<"FIN" | "SYN" | "RST" | "PSH" | "ACK", boolean>>;
    };
    UDP?: { source_port: number; destination_port: number };
  };
  source: FlowEndpoint;
  destination: FlowEndpoint;
  Type: "L3_L4" | "L7" | "SOCK";
  node_name: string;
  source_names?: string[];
  destination_names?: string[];
  reply?: boolean;
  is_reply?: { value: boolean };
  event_type: { type: number; sub_type: number };
  source_service?: { name: string; namespace: string };
  destination_service?: { name: string; namespace: string };
  traffic_direction: "INGRESS" | "EGRESS" | "TRAFFIC_DIRECTION_UNKNOWN";
  trace_observation_point?: string;
  uuid?: string;
  Summary: string;
}

/** flow.FlowFilter, the fields the double's agents apply (pkg/hubble/filters). */
export interface FlowFilter {
  source_ip?: string[];
  source_pod?: string[];
  destination_ip?: string[];
  destination_pod?: string[];
  verdict?: string[];
  source_label?: string[];
  destination_label?: string[];
  protocol?: string[];
  source_port?: string[];
  destination_port?: string[];
  reply?: boolean[];
  source_service?: string[];
  destination_service?: string[];
  node_name?: string[];
}

export interface GetFlowsRequest {
  number?: string;
  follow?: boolean;
  blacklist?: FlowFilter[];
  whitelist?: FlowFilter[];
  since?: WireTimestamp;
  until?: WireTimestamp;
  first?: boolean;
}

export function timestampMs(time: WireTimestamp | undefined): number | undefined {
  if (!time) return undefined;
  return Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

export function wireTimestamp(epochMs: number, extraNanos = 0): WireTimestamp {
  const seconds = Math.floor(epochMs / 1000);
  return { seconds: String(seconds), nanos: (epochMs - seconds * 1000) * 1e6 + extraNanos };
}

/** Orders timestamps with nanosecond precision. */
export function compareTimestamps(a: WireTimestamp, b: WireTimestamp): number {
  const ds = Number(a.seconds) - Number(b.seconds);
  return ds !== 0 ? ds : a.nanos - b.nanos;
}
