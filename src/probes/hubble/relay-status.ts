/** Hubble Relay's ServerStatus, typed: is every node's Hubble reachable, and how full are buffers. */
export interface RelayStatus {
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  uptimeNs: string;
  /** Undefined when talking to a single agent's Hubble, which does not count nodes. */
  connectedNodes: number | undefined;
  unavailableNodes: number | undefined;
  /** Names of unreachable nodes; the relay says the list may not be exhaustive. */
  unavailableNodeNames: string[];
  version: string;
  /** Every node connected: none unavailable and at least one connected. */
  healthy: boolean;
}

/** Reads ServerStatusResponse from gRPC (wrappers as {value}) or `hubble status -o json`. */
export function parseRelayStatus(raw: unknown): RelayStatus {
  const status = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const connectedNodes = readUInt32Wrapper(status.num_connected_nodes);
  const unavailableNodes = readUInt32Wrapper(status.num_unavailable_nodes);
  return {
    numFlows: Number(status.num_flows ?? 0),
    maxFlows: Number(status.max_flows ?? 0),
    seenFlows: Number(status.seen_flows ?? 0),
    uptimeNs: String(status.uptime_ns ?? "0"),
    connectedNodes,
    unavailableNodes,
    unavailableNodeNames: Array.isArray(status.unavailable_nodes) ? status.unavailable_nodes.map(String) : [],
    version: typeof status.version === "string" ? status.version : "",
    healthy: (connectedNodes ?? 0) > 0 && (unavailableNodes ?? 0) === 0,
  };
}

/** `2/3 nodes connected, unavailable: kind-worker2; flows 2771/8190 (seen 2771); hubble-relay v1.18.3`. */
export function describeRelayStatus(status: RelayStatus): string {
  const connected = status.connectedNodes ?? 0;
  const total = connected + (status.unavailableNodes ?? 0);
  const nodes =
    status.connectedNodes === undefined ? "node count not reported" : `${connected}/${total} nodes connected`;
  const unavailable =
    status.unavailableNodeNames.length > 0 ? `, unavailable: ${status.unavailableNodeNames.join(", ")}` : "";
  return `${nodes}${unavailable}; flows ${status.numFlows}/${status.maxFlows} (seen ${status.seenFlows})${status.version ? `; ${status.version}` : ""}`;
}

/** google.protobuf.UInt32Value: a number in JSON, `{value}` over gRPC (`{}` for 0), absent when unset. */
function readUInt32Wrapper(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") return Number((value as { value?: unknown }).value ?? 0);
  return Number(value);
}
