import type { FlowEndpoint, FlowL4, FlowL7, FlowRecord } from "./flow-record.ts";

type Raw = Record<string, unknown>;

/**
 * Reads one Flow into a FlowRecord. Accepts both shapes it comes in: `hubble observe -o jsonpb`
 * (timestamps as RFC 3339 strings, wrappers as plain values) and a gRPC message decoded by
 * proto-loader with our options (timestamps as {seconds, nanos}, wrappers as {value}). Field
 * names, enum names and string int64s are the same in both.
 */
export function parseFlow(raw: unknown): FlowRecord {
  const flow = asRecord(raw);
  const { time, epochMs } = readTimestamp(flow.time);
  const record: FlowRecord = {
    time,
    epochMs,
    verdict: enumText(flow.verdict) ?? "VERDICT_UNKNOWN",
    source: readEndpoint(flow.source),
    destination: readEndpoint(flow.destination),
  };
  const dropReason = enumText(flow.drop_reason_desc);
  if (dropReason && dropReason !== "DROP_REASON_UNKNOWN") record.dropReason = dropReason;
  setText(record, "nodeName", flow.node_name);
  const ip = asRecord(flow.IP);
  setText(record, "sourceIp", ip.source);
  setText(record, "destinationIp", ip.destination);
  const sourceService = serviceName(flow.source_service);
  if (sourceService) record.sourceService = sourceService;
  const destinationService = serviceName(flow.destination_service);
  if (destinationService) record.destinationService = destinationService;
  const l4 = readL4(flow.l4);
  if (l4) record.l4 = l4;
  const l7 = readL7(flow.l7);
  if (l7) record.l7 = l7;
  const isReply = readBoolWrapper(flow.is_reply);
  if (isReply !== undefined) record.isReply = isReply;
  const direction = enumText(flow.traffic_direction);
  if (direction && direction !== "TRAFFIC_DIRECTION_UNKNOWN") record.trafficDirection = direction;
  const type = enumText(flow.Type);
  if (type) record.type = type;
  setText(record, "summary", flow.Summary);
  return record;
}

/** A Timestamp as RFC 3339 text (nanoseconds kept) plus epoch milliseconds. */
export function readTimestamp(value: unknown): { time: string; epochMs: number } {
  if (typeof value === "string") {
    const epochMs = Date.parse(value);
    return { time: value, epochMs: Number.isNaN(epochMs) ? 0 : epochMs };
  }
  const stamp = asRecord(value);
  const seconds = Number(stamp.seconds ?? 0);
  const nanos = Number(stamp.nanos ?? 0);
  const epochMs = seconds * 1000 + Math.floor(nanos / 1e6);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  const fraction = nanos > 0 ? `.${String(nanos).padStart(9, "0")}` : "";
  return { time: `${base}${fraction}Z`, epochMs };
}

function readEndpoint(value: unknown): FlowEndpoint {
  const endpoint = asRecord(value);
  const result: FlowEndpoint = {
    labels: Array.isArray(endpoint.labels) ? endpoint.labels.map(String) : [],
  };
  setText(result, "namespace", endpoint.namespace);
  setText(result, "podName", endpoint.pod_name);
  if (endpoint.identity !== undefined) result.identity = Number(endpoint.identity);
  return result;
}

const l4Protocols = ["TCP", "UDP", "SCTP", "ICMPv4", "ICMPv6"] as const;

function readL4(value: unknown): FlowL4 | undefined {
  const l4 = asRecord(value);
  for (const protocol of l4Protocols) {
    if (l4[protocol] === undefined || l4[protocol] === null) continue;
    const body = asRecord(l4[protocol]);
    const result: FlowL4 = { protocol };
    if (protocol === "ICMPv4" || protocol === "ICMPv6") {
      if (body.type !== undefined) result.icmpType = Number(body.type);
      return result;
    }
    if (body.source_port !== undefined) result.sourcePort = Number(body.source_port);
    if (body.destination_port !== undefined) result.destinationPort = Number(body.destination_port);
    const flags = asRecord(body.flags);
    const set = Object.keys(flags).filter((flag) => flags[flag] === true);
    if (set.length > 0) result.tcpFlags = set;
    return result;
  }
  return undefined;
}

function readL7(value: unknown): FlowL7 | undefined {
  if (value === undefined || value === null) return undefined;
  const l7 = asRecord(value);
  const result: FlowL7 = { type: enumText(l7.type) ?? "UNKNOWN_L7_TYPE" };
  if (l7.latency_ns !== undefined) result.latencyNs = String(l7.latency_ns);
  if (l7.http) {
    const http = asRecord(l7.http);
    result.http = {};
    if (http.code !== undefined) result.http.code = Number(http.code);
    setText(result.http, "method", http.method);
    setText(result.http, "url", http.url);
    setText(result.http, "protocol", http.protocol);
  }
  if (l7.dns) {
    const dns = asRecord(l7.dns);
    result.dns = {
      query: typeof dns.query === "string" ? dns.query : "",
      qtypes: Array.isArray(dns.qtypes) ? dns.qtypes.map(String) : [],
      ips: Array.isArray(dns.ips) ? dns.ips.map(String) : [],
    };
    if (dns.rcode !== undefined) result.dns.rcode = Number(dns.rcode);
  }
  return result;
}

function serviceName(value: unknown): string | undefined {
  const service = asRecord(value);
  if (typeof service.name !== "string" || service.name === "") return undefined;
  return typeof service.namespace === "string" && service.namespace
    ? `${service.namespace}/${service.name}`
    : service.name;
}

/** google.protobuf.BoolValue: `true` in jsonpb, `{value: true}` (or `{}` for false) over gRPC. */
function readBoolWrapper(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value && typeof value === "object") return (value as Raw).value === true;
  return undefined;
}

/** An enum as its name; a number the proto does not name stays visible as its number. */
function enumText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function asRecord(value: unknown): Raw {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : {};
}

function setText<T extends object>(target: T, key: keyof T & string, value: unknown): void {
  if (typeof value === "string" && value !== "") (target as Record<string, unknown>)[key] = value;
}
