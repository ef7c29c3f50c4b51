// URL paths of the kinds the double reads and writes. A static table stands in for discovery:
// the path only names the resource, the API server still decides whether it serves it (404 for a
// CRD that is not Established, as a real one answers).

export interface ResourceInfo {
  /** "" for the core group. */
  group: string;
  plural: string;
  namespaced: boolean;
}

const table: Record<string, ResourceInfo> = {};

function add(group: string, kind: string, plural: string, namespaced: boolean): void {
  table[`${group}/${kind}`] = { group, plural, namespaced };
}

for (const [kind, plural, namespaced] of [
  ["Namespace", "namespaces", false],
  ["Node", "nodes", false],
  ["Service", "services", true],
  ["Endpoints", "endpoints", true],
  ["Pod", "pods", true],
  ["ConfigMap", "configmaps", true],
  ["Secret", "secrets", true],
  ["ServiceAccount", "serviceaccounts", true],
  ["Event", "events", true],
] as const) {
  add("", kind, plural, namespaced);
}
add("apps", "DaemonSet", "daemonsets", true);
add("apps", "Deployment", "deployments", true);
add("apps", "ReplicaSet", "replicasets", true);
add("discovery.k8s.io", "EndpointSlice", "endpointslices", true);
add("coordination.k8s.io", "Lease", "leases", true);
add("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false);
add("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false);
add("rbac.authorization.k8s.io", "Role", "roles", true);
add("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true);
add("networking.k8s.io", "NetworkPolicy", "networkpolicies", true);
add("networking.k8s.io", "IngressClass", "ingressclasses", false);
add("policy", "PodDisruptionBudget", "poddisruptionbudgets", true);
add("apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions", false);
for (const [kind, plural, namespaced] of [
  ["GatewayClass", "gatewayclasses", false],
  ["Gateway", "gateways", true],
  ["HTTPRoute", "httproutes", true],
  ["GRPCRoute", "grpcroutes", true],
  ["TLSRoute", "tlsroutes", true],
  ["ReferenceGrant", "referencegrants", true],
] as const) {
  add("gateway.networking.k8s.io", kind, plural, namespaced);
}
for (const [kind, plural, namespaced] of [
  ["CiliumLoadBalancerIPPool", "ciliumloadbalancerippools", false],
  ["CiliumL2AnnouncementPolicy", "ciliuml2announcementpolicies", false],
  ["CiliumNode", "ciliumnodes", false],
  ["CiliumEndpoint", "ciliumendpoints", true],
  ["CiliumIdentity", "ciliumidentities", false],
  ["CiliumEnvoyConfig", "ciliumenvoyconfigs", true],
  ["CiliumClusterwideEnvoyConfig", "ciliumclusterwideenvoyconfigs", false],
  ["CiliumNetworkPolicy", "ciliumnetworkpolicies", true],
  ["CiliumClusterwideNetworkPolicy", "ciliumclusterwidenetworkpolicies", false],
  ["CiliumGatewayClassConfig", "ciliumgatewayclassconfigs", true],
] as const) {
  add("cilium.io", kind, plural, namespaced);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function resourceInfo(apiVersion: string, kind: string): ResourceInfo {
  const { group } = splitApiVersion(apiVersion);
  const info = table[`${group}/${kind}`];
  if (!info) throw new Error(`the rehearsal's kube client has no path for ${kind} (${apiVersion})`);
  return info;
}

/** `/api/v1/namespaces/x/services`, `/apis/cilium.io/v2/ciliumloadbalancerippools/name/status`. */
export function resourcePath(
  apiVersion: string,
  kind: string,
  target: {
    namespace?: string | undefined;
    name?: string | undefined;
    subresource?: string | undefined;
  } = {},
): string {
  const info = resourceInfo(apiVersion, kind);
  const base = info.group === "" ? `/api/${apiVersion}` : `/apis/${apiVersion}`;
  const namespaced =
    info.namespaced && target.namespace ? `/namespaces/${encodeURIComponent(target.namespace)}` : "";
  const name = target.name === undefined ? "" : `/${encodeURIComponent(target.name)}`;
  const sub = target.subresource === undefined ? "" : `/${target.subresource}`;
  return `${base}${namespaced}/${info.plural}${name}${sub}`;
}
