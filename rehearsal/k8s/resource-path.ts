// REST paths of the Kubernetes API: /api/v1/... for the core group, /apis/<group>/<version>/...
// for the others; namespaced resources under namespaces/<ns>/ (kubernetes/apimachinery
// pkg/apis/meta/v1 and the API conventions).

export interface ResourceType {
  /** "" for the core group. */
  group: string;
  version: string;
  /** Plural lower-case resource name: "leases", "services". */
  resource: string;
  namespaced: boolean;
}

export interface ResourceLocation {
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function resourcePath(type: ResourceType, where: ResourceLocation = {}): string {
  const root = type.group === "" ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope =
    type.namespaced && where.namespace ? `/namespaces/${encodeURIComponent(where.namespace)}` : "";
  const name = where.name ? `/${encodeURIComponent(where.name)}` : "";
  const sub = where.name && where.subresource ? `/${where.subresource}` : "";
  return `${root}${scope}/${type.resource}${name}${sub}`;
}

/** The kinds the double's Cilium programs read and write. */
export const RESOURCES = {
  namespaces: { group: "", version: "v1", resource: "namespaces", namespaced: false },
  nodes: { group: "", version: "v1", resource: "nodes", namespaced: false },
  pods: { group: "", version: "v1", resource: "pods", namespaced: true },
  services: { group: "", version: "v1", resource: "services", namespaced: true },
  endpointSlices: { group: "discovery.k8s.io", version: "v1", resource: "endpointslices", namespaced: true },
  leases: { group: "coordination.k8s.io", version: "v1", resource: "leases", namespaced: true },
  l2Policies: {
    group: "cilium.io",
    version: "v2alpha1",
    resource: "ciliuml2announcementpolicies",
    namespaced: false,
  },
  ciliumNodes: { group: "cilium.io", version: "v2", resource: "ciliumnodes", namespaced: false },
  envoyConfigs: { group: "cilium.io", version: "v2", resource: "ciliumenvoyconfigs", namespaced: true },
} as const satisfies Record<string, ResourceType>;
