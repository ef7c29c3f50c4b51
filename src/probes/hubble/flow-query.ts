import type { FlowRecord, Verdict } from "./flow-record.ts";

/** Which flows to fetch. Filters combine with AND; unset means "any". */
export interface FlowQuery {
  /** Flows from or to this namespace. */
  namespace?: string;
  /** Flows from or to pods whose name starts with this (inside `namespace` when given). */
  pod?: string;
  verdicts?: readonly (Verdict | string)[];
  since?: Date;
  until?: Date;
  /** The last N flows; only without since/until (the API refuses both together). Default 1000. */
  number?: number;
}

export const defaultFlowCount = 1000;

/** flow.FlowFilter as sent on the wire (the subset we set). */
export interface WireFlowFilter {
  source_pod?: string[];
  destination_pod?: string[];
  verdict?: string[];
}

export interface WireTimestamp {
  seconds: string;
  nanos: number;
}

export interface WireGetFlowsRequest {
  number?: string;
  follow: boolean;
  whitelist: WireFlowFilter[];
  since?: WireTimestamp;
  until?: WireTimestamp;
}

/**
 * Turns a query into a GetFlowsRequest, filtered on the relay's side. "From or to" is two
 * whitelist filters (the relay ORs filters and ANDs the fields inside one), as `hubble observe
 * --namespace` does; the verdict is repeated in each.
 */
export function buildGetFlowsRequest(query: FlowQuery): WireGetFlowsRequest {
  const request: WireGetFlowsRequest = { follow: false, whitelist: [] };
  const podSpec = podSelector(query);
  const verdict = query.verdicts && query.verdicts.length > 0 ? { verdict: [...query.verdicts] } : {};
  if (podSpec !== undefined) {
    request.whitelist.push({ source_pod: [podSpec], ...verdict }, { destination_pod: [podSpec], ...verdict });
  } else if (query.verdicts && query.verdicts.length > 0) {
    request.whitelist.push(verdict);
  }
  if (query.since) request.since = toWireTimestamp(query.since);
  if (query.until) request.until = toWireTimestamp(query.until);
  // Without a window the relay needs a count; hubble observe defaults to 20, we take more.
  if (!query.since && !query.until) request.number = String(query.number ?? defaultFlowCount);
  return request;
}

/** The same query applied to records already in hand (a saved `hubble observe` file). */
export function flowMatchesQuery(flow: FlowRecord, query: FlowQuery): boolean {
  if (query.verdicts && query.verdicts.length > 0 && !query.verdicts.includes(flow.verdict)) return false;
  if (query.since && flow.epochMs < query.since.getTime()) return false;
  if (query.until && flow.epochMs > query.until.getTime()) return false;
  const podSpec = podSelector(query);
  if (podSpec === undefined) return true;
  const matches = (endpoint: FlowRecord["source"]) => {
    if (query.namespace !== undefined && endpoint.namespace !== query.namespace) return false;
    return query.pod === undefined || (endpoint.podName ?? "").startsWith(query.pod);
  };
  return matches(flow.source) || matches(flow.destination);
}

/** Hubble's pod filter syntax: `namespace/` (all pods), `namespace/prefix`, or `prefix`. */
function podSelector(query: FlowQuery): string | undefined {
  if (query.namespace === undefined && query.pod === undefined) return undefined;
  if (query.namespace === undefined) return query.pod;
  return `${query.namespace}/${query.pod ?? ""}`;
}

export function toWireTimestamp(date: Date): WireTimestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1e6 };
}
