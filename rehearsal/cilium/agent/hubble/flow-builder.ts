// The flows Hubble reports for traffic the double's datapath served, shaped as Cilium's
// threefour parser writes them (pkg/hubble/parser/threefour/parser.go; pkg/monitor/api types):
// trace events (event_type 4) with the observation point, TCP flags and their summary, is_reply
// on the answer direction, the Service a connection was translated for in destination_service,
// and drop events (event_type 1, sub_type = drop reason) for what it refused. The double's
// datapath is a userspace proxy on the client's node: it reports, per TCP connection, the SYN and
// SYN-ACK when it connects and the FIN-ACKs when the connection closes; per UDP exchange, the
// request and each answer.

import { flowEndpoint, type ResolvedEndpoint } from "./endpoint-identity.ts";
import type { Flow, WireTimestamp } from "./flow-types.ts";

/** pkg/monitor/api/types.go */
export const MESSAGE_TYPE = { drop: 1, trace: 4 } as const;
export const TRACE_POINT = { TO_ENDPOINT: 0, TO_STACK: 3, FROM_ENDPOINT: 5 } as const;
/** pkg/monitor/api/drop.go: DROP_NO_SERVICE ("Service backend not found"). */
export const DROP_SERVICE_BACKEND_NOT_FOUND = 158;

type TcpFlag = "SYN" | "ACK" | "RST" | "FIN" | "PSH";
const FLAG_ORDER: readonly TcpFlag[] = ["SYN", "ACK", "RST", "FIN", "PSH"];

export interface ServedTraffic {
  protocol: "TCP" | "UDP";
  client: { endpoint: ResolvedEndpoint; port: number };
  /** Where the datapath sent it (the frontend itself when dropped). */
  destination: { endpoint: ResolvedEndpoint; port: number };
  service: { namespace: string; name: string } | undefined;
  /** The backend runs on this node. */
  destinationLocal: boolean;
}

export interface FlowContext {
  nodeName: string;
  podNames: boolean;
  /** A unique, increasing flow time. */
  time: () => WireTimestamp;
}

function summary(protocol: "TCP" | "UDP", flags: readonly TcpFlag[]): string {
  if (protocol === "UDP") return "UDP";
  return `TCP Flags: ${FLAG_ORDER.filter((f) => flags.includes(f)).join(", ")}`;
}

function flow(
  traffic: ServedTraffic,
  context: FlowContext,
  reply: boolean,
  flags: readonly TcpFlag[],
  verdict: "FORWARDED" | "DROPPED",
): Flow {
  const from = reply ? traffic.destination : traffic.client;
  const to = reply ? traffic.client : traffic.destination;
  const l4Ports = { source_port: from.port, destination_port: to.port };
  const toEndpoint = reply ? traffic.client.endpoint.kind === "pod" : traffic.destinationLocal;
  const point = toEndpoint ? "TO_ENDPOINT" : "TO_STACK";
  const dropped = verdict === "DROPPED";
  return {
    time: context.time(),
    verdict,
    ...(dropped
      ? { drop_reason: DROP_SERVICE_BACKEND_NOT_FOUND, drop_reason_desc: "SERVICE_BACKEND_NOT_FOUND" }
      : {}),
    IP: { source: from.endpoint.ip, destination: to.endpoint.ip, ipVersion: "IPv4" },
    l4:
      traffic.protocol === "TCP"
        ? { TCP: { ...l4Ports, flags: Object.fromEntries(flags.map((f) => [f, true])) } }
        : { UDP: l4Ports },
    source: flowEndpoint(from.endpoint, { podNames: context.podNames }),
    destination: flowEndpoint(to.endpoint, { podNames: context.podNames }),
    Type: "L3_L4",
    node_name: context.nodeName,
    reply,
    is_reply: { value: reply },
    event_type: dropped
      ? { type: MESSAGE_TYPE.drop, sub_type: DROP_SERVICE_BACKEND_NOT_FOUND }
      : { type: MESSAGE_TYPE.trace, sub_type: TRACE_POINT[point] },
    ...(traffic.service && !reply ? { destination_service: traffic.service } : {}),
    ...(traffic.service && reply ? { source_service: traffic.service } : {}),
    traffic_direction: toEndpoint ? "INGRESS" : "EGRESS",
    ...(dropped ? {} : { trace_observation_point: point }),
    Summary: summary(traffic.protocol, flags),
  };
}

/** A TCP connection the datapath opened to a backend: SYN, then the SYN-ACK answer. */
export function connectionOpened(traffic: ServedTraffic, context: FlowContext): Flow[] {
  return [
    flow(traffic, context, false, ["SYN"], "FORWARDED"),
    flow(traffic, context, true, ["SYN", "ACK"], "FORWARDED"),
  ];
}

/** The connection closed: FIN-ACK each way. */
export function connectionClosed(traffic: ServedTraffic, context: FlowContext): Flow[] {
  return [
    flow(traffic, context, false, ["ACK", "FIN"], "FORWARDED"),
    flow(traffic, context, true, ["ACK", "FIN"], "FORWARDED"),
  ];
}

/** A connection or datagram to a Service without backends, dropped. */
export function serviceDrop(traffic: ServedTraffic, context: FlowContext): Flow[] {
  return [flow(traffic, context, false, traffic.protocol === "TCP" ? ["SYN"] : [], "DROPPED")];
}

/** A UDP datagram forwarded to a backend, or its answer. */
export function datagram(traffic: ServedTraffic, context: FlowContext, reply: boolean): Flow[] {
  return [flow(traffic, context, reply, [], "FORWARDED")];
}
