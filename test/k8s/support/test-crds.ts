// The CRDs a test cluster starts with, as if Cilium and the Gateway API were installed: Cilium's
// own LB-IPAM and L2 announcement CRDs (the real ones, from ../shared/cilium-samples/crds/1.18.3,
// with their schemas, so a test object they would refuse is refused), and the Gateway API kinds
// with a schema that keeps any spec and status (their real CRDs are not among the samples) — the
// api-approved annotation included, as the server demands for a *.k8s.io group.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { FakeResource } from "../../../rehearsal/kube-api/resources.ts";

type Json = Record<string, unknown>;

const SAMPLES = join(import.meta.dirname, "../../../../shared/cilium-samples/crds/1.18.3");

let ciliumCrds: Json[] | undefined;

/** CiliumLoadBalancerIPPool (v2, v2alpha1) and CiliumL2AnnouncementPolicy (v2alpha1), Cilium 1.18.3. */
export function ciliumSampleCrds(): Json[] {
  ciliumCrds ??= ["v2/ciliumloadbalancerippools.yaml", "v2alpha1/ciliuml2announcementpolicies.yaml"].map(
    (file) => parseYaml(readFileSync(join(SAMPLES, file), "utf8")) as Json,
  );
  return structuredClone(ciliumCrds);
}

/** A CRD that serves `versions` of a kind with a schema keeping any spec and status. */
export function permissiveCrd(spec: {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  versions: string[];
}): Json {
  const open = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: `${spec.plural}.${spec.group}`,
      ...(/(^|\.)(k8s\.io|kubernetes\.io)$/.test(spec.group)
        ? {
            annotations: {
              "api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/2466",
            },
          }
        : {}),
    },
    spec: {
      group: spec.group,
      names: {
        kind: spec.kind,
        listKind: `${spec.kind}List`,
        plural: spec.plural,
        singular: spec.kind.toLowerCase(),
      },
      scope: spec.namespaced ? "Namespaced" : "Cluster",
      versions: spec.versions.map((name, index) => ({
        name,
        served: true,
        storage: index === 0,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: "object", properties: { spec: open, status: open } } },
      })),
    },
  };
}

export const GATEWAY_API_RESOURCES: FakeResource[] = [
  {
    group: "gateway.networking.k8s.io",
    version: "v1",
    kind: "GatewayClass",
    plural: "gatewayclasses",
    namespaced: false,
  },
  {
    group: "gateway.networking.k8s.io",
    version: "v1",
    kind: "Gateway",
    plural: "gateways",
    namespaced: true,
  },
  {
    group: "gateway.networking.k8s.io",
    version: "v1",
    kind: "HTTPRoute",
    plural: "httproutes",
    namespaced: true,
  },
];

/** CRDs for custom kinds a test names: the Cilium samples when they define it, else permissive ones. */
export function crdsFor(resources: readonly FakeResource[]): Json[] {
  const crds = ciliumSampleCrds();
  const defined = (resource: FakeResource) =>
    crds.some((crd) => {
      const spec = crd.spec as { group: string; names: { plural: string } };
      return spec.group === resource.group && spec.names.plural === resource.plural;
    });
  const byPlural = new Map<string, FakeResource[]>();
  for (const resource of resources) {
    if (defined(resource)) continue;
    const key = `${resource.plural}.${resource.group}`;
    byPlural.set(key, [...(byPlural.get(key) ?? []), resource]);
  }
  for (const versions of byPlural.values()) {
    const [first] = versions;
    if (!first) continue;
    crds.push(
      permissiveCrd({
        group: first.group,
        kind: first.kind,
        plural: first.plural,
        namespaced: first.namespaced,
        versions: [...new Set(versions.map((resource) => resource.version))],
      }),
    );
  }
  return crds;
}
