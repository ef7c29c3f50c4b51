// Hubble's flow filters (pkg/hubble/filters): the fields inside one FlowFilter are ANDed, the
// filters of a whitelist ORed; a flow passes when it matches the whitelist (or there is none)
// and no blacklist filter. Pod and service names are "namespace/name-prefix" (a bare name means
// namespace "default", "ns/" every pod of ns: pkg/hubble/k8s ParseNamespaceName); labels are
// "key=value" or "source:key=value" matched against the endpoint's "source:key=value" labels.

import type { Flow, FlowEndpoint, FlowFilter } from "./flow-types.ts";

export class FlowFilterError extends Error {
  override readonly name = "FlowFilterError";
}

function parseNamespaceName(text: string): { ns: string; prefix: string } {
  const parts = text.split("/");
  if (parts.length > 1) return { ns: parts[0] ?? "", prefix: parts[1] ?? "" };
  if (text === "") return { ns: "", prefix: "" };
  return { ns: "default", prefix: text };
}

function byNamespacedName(names: string[], get: (flow: Flow) => { ns?: string; name?: string }) {
  const filters = names.map((name) => {
    if (name === "") throw new FlowFilterError("invalid filter, name must not be empty");
    return parseNamespaceName(name);
  });
  return (flow: Flow) => {
    const { ns = "", name = "" } = get(flow);
    if (ns === "" && name === "") return false;
    return filters.some(
      (f) => (f.prefix === "" || name.startsWith(f.prefix)) && (f.ns === "" || f.ns === ns),
    );
  };
}

function ipMatcher(entries: string[]): (ip: string | undefined) => boolean {
  const tests = entries.map((entry) => {
    const slash = entry.indexOf("/");
    if (slash < 0) return (ip: string) => ip === entry;
    const base = toInt(entry.slice(0, slash));
    const bits = Number(entry.slice(slash + 1));
    if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
      throw new FlowFilterError(`invalid IP address in filter: ${JSON.stringify(entry)}`);
    }
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (ip: string) => {
      const value = toInt(ip);
      return value !== undefined && (value & mask) >>> 0 === (base & mask) >>> 0;
    };
  });
  return (ip) => ip !== undefined && tests.some((test) => test(ip));
}

function toInt(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function labelMatcher(selectors: string[]): (endpoint: FlowEndpoint) => boolean {
  const wanted = selectors.map((selector) =>
    selector.split(",").map((term) => {
      const [keyPart = "", value] = term.split("=");
      const colon = keyPart.indexOf(":");
      return colon < 0
        ? { source: undefined, key: keyPart.trim(), value: value?.trim() }
        : { source: keyPart.slice(0, colon), key: keyPart.slice(colon + 1).trim(), value: value?.trim() };
    }),
  );
  return (endpoint) => {
    const labels = (endpoint.labels ?? []).map((label) => {
      const colon = label.indexOf(":");
      const [key = "", value = ""] = label.slice(colon + 1).split("=");
      return { source: label.slice(0, colon), key, value };
    });
    return wanted.some((terms) =>
      terms.every((term) =>
        labels.some(
          (l) =>
            l.key === term.key &&
            (term.value === undefined || l.value === term.value) &&
            (term.source === undefined || term.source === "any" || l.source === term.source),
        ),
      ),
    );
  };
}

function protocolOf(flow: Flow): string | undefined {
  if (flow.l4?.TCP) return "tcp";
  if (flow.l4?.UDP) return "udp";
  return undefined;
}

function portsOf(flow: Flow): { source?: number; destination?: number } {
  const l4 = flow.l4?.TCP ?? flow.l4?.UDP;
  return l4 ? { source: l4.source_port, destination: l4.destination_port } : {};
}

/** `*` within a name part; a pattern without "/" matches the node part of "cluster/node". */
function nodeNameMatcher(patterns: string[]): (name: string) => boolean {
  const toRegex = (glob: string) =>
    new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
  const tests = patterns.map((pattern) => ({ regex: toRegex(pattern), full: pattern.includes("/") }));
  return (name) =>
    tests.some(({ regex, full }) => regex.test(full ? name : (name.split("/").at(-1) ?? name)));
}

type Check = (flow: Flow) => boolean;

export function compileFlowFilter(filter: FlowFilter): Check {
  const checks: Check[] = [];
  if (filter.source_ip?.length) {
    const m = ipMatcher(filter.source_ip);
    checks.push((f) => m(f.IP?.source));
  }
  if (filter.destination_ip?.length) {
    const m = ipMatcher(filter.destination_ip);
    checks.push((f) => m(f.IP?.destination));
  }
  if (filter.source_pod?.length) {
    checks.push(
      byNamespacedName(filter.source_pod, (f) => ({ ns: f.source?.namespace, name: f.source?.pod_name })),
    );
  }
  if (filter.destination_pod?.length) {
    checks.push(
      byNamespacedName(filter.destination_pod, (f) => ({
        ns: f.destination?.namespace,
        name: f.destination?.pod_name,
      })),
    );
  }
  if (filter.source_service?.length) {
    checks.push(
      byNamespacedName(filter.source_service, (f) => ({
        ns: f.source_service?.namespace,
        name: f.source_service?.name,
      })),
    );
  }
  if (filter.destination_service?.length) {
    checks.push(
      byNamespacedName(filter.destination_service, (f) => ({
        ns: f.destination_service?.namespace,
        name: f.destination_service?.name,
      })),
    );
  }
  if (filter.verdict?.length) {
    const verdicts = new Set(filter.verdict);
    checks.push((f) => verdicts.has(f.verdict));
  }
  if (filter.source_label?.length) {
    const m = labelMatcher(filter.source_label);
    checks.push((f) => m(f.source ?? {}));
  }
  if (filter.destination_label?.length) {
    const m = labelMatcher(filter.destination_label);
    checks.push((f) => m(f.destination ?? {}));
  }
  if (filter.protocol?.length) {
    const wanted = new Set(filter.protocol.map((p) => p.toLowerCase()));
    checks.push((f) => wanted.has(protocolOf(f) ?? ""));
  }
  if (filter.source_port?.length) {
    const wanted = new Set(filter.source_port.map(Number));
    checks.push((f) => wanted.has(portsOf(f).source ?? -1));
  }
  if (filter.destination_port?.length) {
    const wanted = new Set(filter.destination_port.map(Number));
    checks.push((f) => wanted.has(portsOf(f).destination ?? -1));
  }
  if (filter.reply?.length) {
    const wanted = filter.reply;
    checks.push((f) => f.is_reply !== undefined && wanted.includes(f.is_reply.value));
  }
  if (filter.node_name?.length) {
    const m = nodeNameMatcher(filter.node_name);
    checks.push((f) => m(f.node_name));
  }
  return (flow) => checks.every((check) => check(flow));
}

/** filters.Apply: whitelist (any) and not blacklist (any). */
export function compileFlowFilters(whitelist: FlowFilter[] = [], blacklist: FlowFilter[] = []): Check {
  const white = whitelist.map(compileFlowFilter);
  const black = blacklist.map(compileFlowFilter);
  return (flow) => (white.length === 0 || white.some((c) => c(flow))) && !black.some((c) => c(flow));
}
