import type { FlowEndpoint, FlowRecord } from "./flow-record.ts";

/**
 * One readable line per flow, for diagnostics and failure messages:
 * `DROPPED    conformance/client-7f9 -> conformance/echo-v2-5c4 TCP 3000 POLICY_DENIED`.
 */
export function formatFlowLine(flow: FlowRecord): string {
  const parts = [
    flow.verdict.padEnd(10),
    `${endpointName(flow.source, flow.sourceIp)} -> ${endpointName(flow.destination, flow.destinationIp)}`,
  ];
  if (flow.l4) {
    const port = flow.l4.destinationPort !== undefined ? ` ${flow.l4.destinationPort}` : "";
    const icmp = flow.l4.icmpType !== undefined ? ` type ${flow.l4.icmpType}` : "";
    parts.push(`${flow.l4.protocol}${port}${icmp}`);
  }
  if (flow.l7?.http) {
    const http = flow.l7.http;
    parts.push(
      [`HTTP`, flow.l7.type, http.method, http.url, http.code !== undefined ? String(http.code) : undefined]
        .filter(Boolean)
        .join(" "),
    );
  }
  if (flow.l7?.dns) parts.push(`DNS ${flow.l7.type} ${flow.l7.dns.query}`);
  if (flow.dropReason) parts.push(flow.dropReason);
  if (flow.isReply) parts.push("(reply)");
  return parts.join(" ");
}

/** `namespace/pod`, or the first reserved label (`reserved:world`), or the IP. */
function endpointName(endpoint: FlowEndpoint, ip: string | undefined): string {
  if (endpoint.podName)
    return endpoint.namespace ? `${endpoint.namespace}/${endpoint.podName}` : endpoint.podName;
  const reserved = endpoint.labels.find((label) => label.startsWith("reserved:"));
  return reserved ?? ip ?? "?";
}
