// The chart's values.schema.json type checks (1.16+) for the keys homelab values set, and the
// error Helm v4 reports through santhosh-tekuri/jsonschema v6 when one fails:
//   values don't meet the specifications of the schema(s) in the following chart(s):
//   cilium:
//   - at '/hubble/relay/enabled': got string, want boolean
// Type names: null, boolean, number (every JSON number), string, array, object; `want` lists the
// schema's types in jsonschema's order (null, boolean, number, integer, string, array, object).
// The table is checked against the real schemas in ../shared/cilium-samples by the tests; keys
// outside it are not type-checked by the double (a documented limit).

import { minorOfVersion } from "./chart-defaults.ts";

export interface TypedKey {
  key: string;
  types: readonly string[];
  /** First chart version whose schema has the key (default 1.16.0). */
  since?: string;
  /** First chart version whose schema no longer has it. */
  until?: string;
}

export const TYPED_KEYS: readonly TypedKey[] = [
  { key: "kubeProxyReplacement", types: ["string", "boolean"], since: "1.18.0" },
  { key: "k8sServiceHost", types: ["string"] },
  { key: "k8sServicePort", types: ["string", "integer"] },
  { key: "k8sClientRateLimit.qps", types: ["null", "integer"] },
  { key: "k8sClientRateLimit.burst", types: ["null", "integer"] },
  { key: "k8sClientRateLimit.operator.qps", types: ["null", "integer"], since: "1.17.0" },
  { key: "l2announcements.enabled", types: ["boolean"] },
  { key: "externalIPs.enabled", types: ["boolean"], until: "1.17.6" },
  { key: "gatewayAPI.enabled", types: ["boolean"] },
  { key: "gatewayAPI.externalTrafficPolicy", types: ["string"] },
  { key: "gatewayAPI.hostNetwork.enabled", types: ["boolean"] },
  { key: "hubble.enabled", types: ["boolean"] },
  { key: "hubble.relay.enabled", types: ["boolean"] },
  { key: "hubble.ui.enabled", types: ["boolean"] },
  { key: "hubble.tls.enabled", types: ["boolean"] },
  { key: "hubble.relay.replicas", types: ["integer"] },
  { key: "hubble.metrics.enabled", types: ["null", "array"] },
  { key: "hubble.relay.service.type", types: ["string"] },
  { key: "hubble.ui.service.type", types: ["string"] },
  { key: "operator.replicas", types: ["integer"] },
  { key: "operator.prometheus.enabled", types: ["boolean"] },
  { key: "operator.rollOutPods", types: ["boolean"] },
  { key: "ipam.mode", types: ["string"] },
  { key: "routingMode", types: ["string"] },
  { key: "tunnelProtocol", types: ["string"] },
  { key: "autoDirectNodeRoutes", types: ["boolean", "string"] },
  { key: "ipv4NativeRoutingCIDR", types: ["string"] },
  { key: "cluster.name", types: ["string"] },
  { key: "cluster.id", types: ["integer"] },
  { key: "l7Proxy", types: ["boolean"] },
  { key: "envoy.enabled", types: ["null", "boolean"] },
  { key: "bpf.masquerade", types: ["null", "boolean"] },
  { key: "ipv4.enabled", types: ["boolean"] },
  { key: "ipv6.enabled", types: ["boolean"] },
  { key: "debug.enabled", types: ["boolean"] },
  { key: "nodePort.enabled", types: ["boolean"], until: "1.19.0" },
  { key: "enableLBIPAM", types: ["boolean"], since: "1.17.0" },
  { key: "defaultLBServiceIPAM", types: ["string"], since: "1.17.0" },
  { key: "bgpControlPlane.enabled", types: ["boolean"] },
  { key: "socketLB.enabled", types: ["boolean"] },
  { key: "bandwidthManager.enabled", types: ["boolean"] },
  { key: "prometheus.enabled", types: ["boolean"] },
  { key: "rollOutCiliumPods", types: ["boolean"] },
  { key: "ingressController.enabled", types: ["boolean"] },
  { key: "envoyConfig.enabled", types: ["boolean"] },
  { key: "enableIPv4Masquerade", types: ["boolean"], until: "1.18.0" },
  { key: "enableIPv4Masquerade", types: ["null", "boolean"], since: "1.18.0" },
  { key: "localRedirectPolicy", types: ["boolean"] },
];

const TYPE_ORDER = ["null", "boolean", "number", "integer", "string", "array", "object"];

export function typedKeysFor(version: string): TypedKey[] {
  return TYPED_KEYS.filter(
    (entry) =>
      compareVersions(version, entry.since ?? "1.16.0") >= 0 &&
      (entry.until === undefined || compareVersions(version, entry.until) < 0),
  );
}

/** Major.minor.patch comparison (pre-release suffixes ignored). */
function compareVersions(a: string, b: string): number {
  const parts = (text: string) => text.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return "number";
  return typeof value === "boolean" ? "boolean" : typeof value === "string" ? "string" : "object";
}

function matches(value: unknown, types: readonly string[]): boolean {
  const type = jsonType(value);
  if (types.includes(type)) return true;
  return type === "number" && types.includes("integer") && Number.isInteger(value);
}

/** The schema complaints (sorted by path), empty when the values pass; 1.15 charts have no schema. */
export function schemaErrors(version: string, values: Record<string, unknown>): string[] {
  if (minorOfVersion(version) < 16) return [];
  const errors: string[] = [];
  for (const entry of typedKeysFor(version)) {
    let node: unknown = values;
    let found = true;
    for (const part of entry.key.split(".")) {
      if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.hasOwn(node, part)) {
        found = false;
        break;
      }
      node = (node as Record<string, unknown>)[part];
    }
    if (!found || matches(node, entry.types)) continue;
    const want = TYPE_ORDER.filter((type) => entry.types.includes(type)).join(" or ");
    errors.push(`at '/${entry.key.replaceAll(".", "/")}': got ${jsonType(node)}, want ${want}`);
  }
  return errors.sort();
}

export function schemaFailureMessage(errors: readonly string[]): string {
  return `values don't meet the specifications of the schema(s) in the following chart(s):\ncilium:\n${errors.map((error) => `- ${error}`).join("\n")}\n`;
}
