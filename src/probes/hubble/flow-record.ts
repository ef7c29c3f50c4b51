/** Hubble's verdicts (flow.Verdict); another value arrives as its name or number, kept as text. */
export type Verdict =
  | "FORWARDED"
  | "DROPPED"
  | "ERROR"
  | "AUDIT"
  | "REDIRECTED"
  | "TRACED"
  | "TRANSLATED"
  | "VERDICT_UNKNOWN";

export const verdicts: readonly Verdict[] = [
  "FORWARDED",
  "DROPPED",
  "ERROR",
  "AUDIT",
  "REDIRECTED",
  "TRACED",
  "TRANSLATED",
];

export interface FlowEndpoint {
  namespace?: string;
  podName?: string;
  /** `k8s:app=echo`, `reserved:world`, ... as Hubble writes them. */
  labels: string[];
  identity?: number;
}

export interface FlowL4 {
  protocol: "TCP" | "UDP" | "SCTP" | "ICMPv4" | "ICMPv6";
  sourcePort?: number;
  destinationPort?: number;
  /** Set TCP flags, e.g. ["SYN"] or ["ACK", "FIN"]. */
  tcpFlags?: string[];
  icmpType?: number;
}

export interface FlowL7 {
  /** REQUEST, RESPONSE or SAMPLE. */
  type: string;
  latencyNs?: string;
  http?: { code?: number; method?: string; url?: string; protocol?: string };
  dns?: { query: string; rcode?: number; qtypes: string[]; ips: string[] };
}

/** One Hubble flow, typed: what the suites assert on and what diagnostics print. */
export interface FlowRecord {
  /** RFC 3339 with nanoseconds, as Hubble writes it. */
  time: string;
  /** Milliseconds since the epoch (for windows and sorting). */
  epochMs: number;
  verdict: Verdict | string;
  /** drop_reason_desc, e.g. POLICY_DENIED (only on drops). */
  dropReason?: string;
  nodeName?: string;
  source: FlowEndpoint;
  destination: FlowEndpoint;
  sourceIp?: string;
  destinationIp?: string;
  sourceService?: string;
  destinationService?: string;
  l4?: FlowL4;
  l7?: FlowL7;
  /** Undefined when Hubble does not know the direction. */
  isReply?: boolean;
  trafficDirection?: string;
  /** L3_L4, L7, SOCK. */
  type?: string;
  summary?: string;
}
