// The Gateway API CRDs the rehearsal installs through `--gateway-api-crds` instead of GitHub's
// release bundle (no internet here): for each CRD the plan waits for, its group, names, scope and
// the versions the release serves (kubernetes-sigs/gateway-api config/crd/<channel>/ at each tag,
// v1.0.0–v1.5.1), with the api-approved, bundle-version and channel annotations the real ones carry, /status
// as a subresource, and an open schema (x-kubernetes-preserve-unknown-fields): the double's API
// server does not validate or default CR bodies, so the real schemas would add nothing here.

import { stringify } from "yaml";

const GROUP = "gateway.networking.k8s.io";

interface CrdFacts {
  kind: string;
  scope: "Cluster" | "Namespaced";
  /** Served versions by release (first matching minor, newest first), storage version first. */
  versions: readonly { from: [number, number]; served: readonly string[] }[];
}

/**
 * The api-approved.kubernetes.io annotation each release's CRDs carry (the same on every CRD of a
 * release and in both channels): an API server refuses a *.k8s.io CRD without it
 * (apiextensions validation, kubernetes/enhancements#1111).
 */
function apiApprovalOf(major: number, minor: number): string {
  const pull = major > 1 || minor >= 5 ? 4530 : minor >= 2 ? 3328 : minor >= 1 ? 2997 : 2466;
  return `https://github.com/kubernetes-sigs/gateway-api/pull/${pull}`;
}

const always = (served: readonly string[]) => [{ from: [1, 0] as [number, number], served }];

const FACTS: Record<string, CrdFacts> = {
  gatewayclasses: {
    kind: "GatewayClass",
    scope: "Cluster",
    versions: [
      { from: [1, 1], served: ["v1", "v1beta1"] },
      { from: [1, 0], served: ["v1beta1", "v1"] },
    ],
  },
  gateways: {
    kind: "Gateway",
    scope: "Namespaced",
    versions: [
      { from: [1, 1], served: ["v1", "v1beta1"] },
      { from: [1, 0], served: ["v1beta1", "v1"] },
    ],
  },
  httproutes: {
    kind: "HTTPRoute",
    scope: "Namespaced",
    versions: [
      { from: [1, 1], served: ["v1", "v1beta1"] },
      { from: [1, 0], served: ["v1beta1", "v1"] },
    ],
  },
  referencegrants: {
    kind: "ReferenceGrant",
    scope: "Namespaced",
    versions: [
      { from: [1, 5], served: ["v1beta1", "v1"] },
      { from: [1, 1], served: ["v1beta1"] },
      { from: [1, 0], served: ["v1beta1", "v1alpha2"] },
    ],
  },
  grpcroutes: {
    kind: "GRPCRoute",
    scope: "Namespaced",
    versions: [
      { from: [1, 1], served: ["v1"] },
      { from: [1, 0], served: ["v1alpha2"] },
    ],
  },
  backendtlspolicies: {
    kind: "BackendTLSPolicy",
    scope: "Namespaced",
    versions: [
      { from: [1, 4], served: ["v1"] },
      { from: [1, 1], served: ["v1alpha3"] },
      { from: [1, 0], served: ["v1alpha2"] },
    ],
  },
  tlsroutes: {
    kind: "TLSRoute",
    scope: "Namespaced",
    versions: [
      { from: [1, 5], served: ["v1"] },
      { from: [1, 4], served: ["v1alpha3", "v1alpha2"] },
      { from: [1, 0], served: ["v1alpha2"] },
    ],
  },
  tcproutes: { kind: "TCPRoute", scope: "Namespaced", versions: always(["v1alpha2"]) },
  udproutes: { kind: "UDPRoute", scope: "Namespaced", versions: always(["v1alpha2"]) },
};

/** Every Gateway API kind the double knows: its plural and scope (the REST path of its objects). */
export const GATEWAY_API_KINDS: readonly {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}[] = Object.entries(FACTS).map(([plural, facts]) => ({
  group: GROUP,
  kind: facts.kind,
  plural,
  namespaced: facts.scope === "Namespaced",
}));

function minorOf(version: string): [number, number] {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return [Number(match?.[1] ?? 1), Number(match?.[2] ?? 0)];
}

function singularOf(plural: string): string {
  return plural.endsWith("ies") ? `${plural.slice(0, -3)}y` : plural.replace(/s$/, "");
}

export function gatewayApiCrd(crdName: string, release: string, channel: string): Record<string, unknown> {
  const plural = crdName.split(".")[0] ?? crdName;
  const facts = FACTS[plural];
  if (!facts) throw new Error(`the rehearsal knows no Gateway API CRD ${crdName}`);
  const [major, minor] = minorOf(release);
  const served = facts.versions.find(({ from }) => major > from[0] || (major === from[0] && minor >= from[1]))
    ?.served ?? ["v1"];
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: crdName,
      annotations: {
        "api-approved.kubernetes.io": apiApprovalOf(major, minor),
        "gateway.networking.k8s.io/bundle-version": release,
        "gateway.networking.k8s.io/channel": channel,
      },
    },
    spec: {
      group: GROUP,
      names: {
        categories: ["gateway-api"],
        kind: facts.kind,
        listKind: `${facts.kind}List`,
        plural,
        singular: singularOf(plural),
      },
      scope: facts.scope,
      versions: served.map((name, index) => ({
        name,
        served: true,
        storage: index === 0,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      })),
    },
  };
}

/** The YAML stream for `--gateway-api-crds`: one CRD per name the plan waits for. */
export function gatewayApiCrdsYaml(plan: {
  version: string;
  channel: string;
  crdNames: readonly string[];
}): string {
  return plan.crdNames
    .map((name) => `---\n${stringify(gatewayApiCrd(name, plan.version, plan.channel))}`)
    .join("");
}
