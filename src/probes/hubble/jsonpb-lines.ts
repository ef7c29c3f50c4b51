import { parseFlow } from "./flow-parse.ts";
import type { FlowRecord } from "./flow-record.ts";

/** What a `hubble observe -o jsonpb` file held, besides its flows. */
export interface JsonpbParse {
  flows: FlowRecord[];
  /** Relay node-status lines, e.g. `NODE_UNAVAILABLE kind-worker2: connection refused`. */
  nodeStatus: string[];
  /** Lost-event lines: Hubble's ring buffer overran, so the flows are incomplete. */
  lostEvents: number;
  /** Lines that were not JSON or not an event: line number (1-based) and why. */
  invalid: { line: number; reason: string }[];
  /** agent_event, debug_event and other events that are not flows. */
  otherEvents: number;
}

/**
 * Parses `hubble observe -o jsonpb` (= `-o json`) output: one GetFlowsResponse per line
 * (`{"flow":{…},"node_name":…,"time":…}`); a bare Flow per line (the exporter's and the legacy
 * form) is accepted too. Never throws: bad lines are listed with their number.
 */
export function parseJsonpbLines(text: string): JsonpbParse {
  const result: JsonpbParse = { flows: [], nodeStatus: [], lostEvents: 0, invalid: [], otherEvents: 0 };
  const lines = text.split("\n");
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      result.invalid.push({ line: index + 1, reason: `not JSON: ${(error as Error).message}` });
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      result.invalid.push({ line: index + 1, reason: "not a JSON object" });
      continue;
    }
    const event = value as Record<string, unknown>;
    if (event.flow) {
      const flow = parseFlow(event.flow);
      if (!flow.nodeName && typeof event.node_name === "string") flow.nodeName = event.node_name;
      result.flows.push(flow);
    } else if (event.node_status) {
      result.nodeStatus.push(describeNodeStatus(event.node_status));
    } else if (event.lost_events) {
      const lost = event.lost_events as Record<string, unknown>;
      result.lostEvents += Number(lost.num_events_lost ?? 1);
    } else if (event.agent_event || event.debug_event) {
      result.otherEvents += 1;
    } else if ("verdict" in event || "IP" in event || "source" in event) {
      result.flows.push(parseFlow(event));
    } else {
      result.invalid.push({
        line: index + 1,
        reason: `no flow in the event (keys: ${Object.keys(event).join(", ")})`,
      });
    }
  }
  return result;
}

/** relay.NodeStatusEvent as one line. */
export function describeNodeStatus(value: unknown): string {
  const status = (value ?? {}) as { state_change?: unknown; node_names?: unknown; message?: unknown };
  const nodes = Array.isArray(status.node_names) ? status.node_names.join(", ") : "";
  const message = typeof status.message === "string" && status.message ? `: ${status.message}` : "";
  return `${String(status.state_change ?? "UNKNOWN_NODE_STATE")} ${nodes}${message}`.trim();
}
