// The chart's own refusals (`{{ fail }}` in templates/validate.yaml and cilium-configmap.yaml) the
// double evaluates, in the order Helm hits them: Helm v4 renders templates deepest path first,
// then in reverse name order (pkg/engine sortTemplates), so validate.yaml comes before
// cilium-configmap.yaml; inside a file, top to bottom. The error reads as Helm reformats a
// text/template exec error: `execution error at (cilium/templates/<file>:<line>:<col>): <msg>`,
// col being the 0-based column of `fail`. Line/column facts per minor are from the templates.

import { minorOfVersion } from "./chart-defaults.ts";
import { hasValue, valueAt } from "./helm-values.ts";

interface FailSite {
  file: "validate.yaml" | "cilium-configmap.yaml";
  line: number;
  col: number;
}

type Check =
  | "hubble-ui-needs-relay"
  | "relay-needs-hubble"
  | "l7-proxy"
  | "gateway-etp"
  | "envoy-kpr"
  | "cluster-name-empty"
  | "cluster-name-length"
  | "cluster-name-format"
  | "cluster-name-default-id"
  | "kpr-value";

const SITES_1_16: Record<Check, FailSite> = {
  "hubble-ui-needs-relay": { file: "validate.yaml", line: 48, col: 7 },
  "relay-needs-hubble": { file: "validate.yaml", line: 58, col: 7 },
  "l7-proxy": { file: "validate.yaml", line: 102, col: 9 },
  "gateway-etp": { file: "validate.yaml", line: 115, col: 7 },
  "envoy-kpr": { file: "validate.yaml", line: 121, col: 7 },
  "cluster-name-empty": { file: "validate.yaml", line: 140, col: 5 },
  "cluster-name-length": { file: "validate.yaml", line: 144, col: 5 },
  "cluster-name-format": { file: "validate.yaml", line: 147, col: 5 },
  "cluster-name-default-id": { file: "validate.yaml", line: 151, col: 5 },
  "kpr-value": { file: "cilium-configmap.yaml", line: 71, col: 5 },
};

const SITES: Record<number, Record<Check, FailSite>> = {
  16: SITES_1_16,
  17: {
    ...SITES_1_16,
    "cluster-name-length": { file: "validate.yaml", line: 143, col: 5 },
    "cluster-name-format": { file: "validate.yaml", line: 146, col: 5 },
    "cluster-name-default-id": { file: "validate.yaml", line: 149, col: 5 },
    "kpr-value": { file: "cilium-configmap.yaml", line: 73, col: 5 },
  },
  18: {
    "hubble-ui-needs-relay": { file: "validate.yaml", line: 61, col: 7 },
    "relay-needs-hubble": { file: "validate.yaml", line: 71, col: 7 },
    "l7-proxy": { file: "validate.yaml", line: 115, col: 9 },
    "gateway-etp": { file: "validate.yaml", line: 128, col: 7 },
    "envoy-kpr": { file: "validate.yaml", line: 134, col: 7 },
    "cluster-name-empty": { file: "validate.yaml", line: 153, col: 5 },
    "cluster-name-length": { file: "validate.yaml", line: 156, col: 5 },
    "cluster-name-format": { file: "validate.yaml", line: 159, col: 5 },
    "cluster-name-default-id": { file: "validate.yaml", line: 162, col: 5 },
    "kpr-value": { file: "cilium-configmap.yaml", line: 82, col: 5 },
  },
};
SITES[19] = {
  ...(SITES[18] as Record<Check, FailSite>),
  "kpr-value": { file: "cilium-configmap.yaml", line: 79, col: 5 },
};

/** Go template truthiness (text/template `if`/`not`). */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Go's fmt of a value as `toString` renders it (`true`, `false`, `<nil>`, numbers, strings). */
export function goString(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  return String(value);
}

/** The first refusal Helm would report for these (coalesced) values, or undefined. */
export function chartRefusal(version: string, values: Record<string, unknown>): string | undefined {
  const minor = minorOfVersion(version);
  const sites = SITES[Math.min(Math.max(minor, 16), 19)] as Record<Check, FailSite>;
  const v = (path: string) => valueAt(values, path);
  const fail = (check: Check, message: string) => {
    const site = sites[check];
    return `execution error at (cilium/templates/${site.file}:${site.line}:${site.col}): ${message}`;
  };
  if (
    truthy(v("hubble.ui.enabled")) &&
    !truthy(v("hubble.ui.standalone.enabled")) &&
    !truthy(v("hubble.relay.enabled"))
  ) {
    return fail("hubble-ui-needs-relay", "Hubble UI requires .Values.hubble.relay.enabled=true");
  }
  if (truthy(v("hubble.relay.enabled")) && !truthy(v("hubble.enabled"))) {
    return fail("relay-needs-hubble", "Hubble Relay requires .Values.hubble.enabled=true");
  }
  const l7Users =
    truthy(v("ingressController.enabled")) ||
    truthy(v("gatewayAPI.enabled")) ||
    v("loadBalancer.l7.backend") === "envoy";
  if (l7Users && hasValue(values, "l7Proxy") && !truthy(v("l7Proxy"))) {
    return fail(
      "l7-proxy",
      "Ingress or Gateway API controller or Envoy L7 Load Balancer  requires .Values.l7Proxy to be set to 'true'",
    );
  }
  if (
    truthy(v("gatewayAPI.enabled")) &&
    !["Cluster", "Local"].includes(String(v("gatewayAPI.externalTrafficPolicy")))
  ) {
    return fail(
      "gateway-etp",
      "Cilium GatewayAPI needs an externalTrafficPolicy set to 'Cluster' or 'Local'.",
    );
  }
  if (
    (truthy(v("envoyConfig.enabled")) ||
      truthy(v("ingressController.enabled")) ||
      truthy(v("gatewayAPI.enabled"))) &&
    goString(v("kubeProxyReplacement")) === "disabled"
  ) {
    return fail(
      "envoy-kpr",
      "Ingress/Gateway API controller and EnvoyConfig require .Values.kubeProxyReplacement to be explicitly set to 'false' or 'true'",
    );
  }
  const name = v("cluster.name");
  const nameText = typeof name === "string" ? name : goString(name);
  const suffix16 =
    minor === 16
      ? ". Configure 'upgradeCompatibility' to 1.15 or earlier to temporarily skip this check at your own risk"
      : "";
  if (nameText === "") return fail("cluster-name-empty", "The cluster name is invalid: cannot be empty");
  if (nameText.length > 32) {
    return fail(
      "cluster-name-length",
      `The cluster name is invalid: must not be more than 32 characters${suffix16}`,
    );
  }
  if (!/^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/.test(nameText)) {
    return fail(
      "cluster-name-format",
      `The cluster name is invalid: must consist of lower case alphanumeric characters and '-', and must start and end with an alphanumeric character${suffix16}`,
    );
  }
  if (nameText === "default" && Number(v("cluster.id") ?? 0) !== 0) {
    return fail(
      "cluster-name-default-id",
      "The cluster name is invalid: cannot use default value with cluster.id != 0",
    );
  }
  const kpr = kubeProxyReplacementOf(values);
  if (kpr !== "true" && kpr !== "false") {
    return fail(
      "kpr-value",
      "kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.",
    );
  }
  return undefined;
}

/** `$kubeProxyReplacement` of the templates: toString of the value, "<nil>"→"", default "false". */
export function kubeProxyReplacementOf(values: Record<string, unknown>): string {
  const raw = valueAt(values, "kubeProxyReplacement");
  const text = raw === undefined || raw === null ? "" : String(raw);
  return text === "" ? "false" : text;
}
