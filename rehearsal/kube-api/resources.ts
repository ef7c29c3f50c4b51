// The resource table the fake API server serves discovery for. Enough for KubernetesObjectApi,
// which GETs /api/v1 or /apis/<group>/<version> to learn a kind's plural and scope.

export interface FakeResource {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Served with a /status subresource: writes to the object keep its status, /status writes only status. */
  statusSubresource?: boolean;
}

const r = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
): FakeResource => ({
  group,
  version,
  kind,
  plural,
  namespaced,
});

export const DEFAULT_RESOURCES: readonly FakeResource[] = [
  r("", "v1", "Namespace", "namespaces", false),
  r("", "v1", "Node", "nodes", false),
  r("", "v1", "Service", "services", true),
  r("", "v1", "Pod", "pods", true),
  r("", "v1", "ConfigMap", "configmaps", true),
  r("", "v1", "Event", "events", true),
  r("apps", "v1", "DaemonSet", "daemonsets", true),
  r("apps", "v1", "Deployment", "deployments", true),
  r("coordination.k8s.io", "v1", "Lease", "leases", true),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
  r("gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", false),
  r("gateway.networking.k8s.io", "v1", "Gateway", "gateways", true),
  r("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes", true),
  r("cilium.io", "v2alpha1", "CiliumLoadBalancerIPPool", "ciliumloadbalancerippools", false),
  r("cilium.io", "v2", "CiliumLoadBalancerIPPool", "ciliumloadbalancerippools", false),
  r("cilium.io", "v2alpha1", "CiliumL2AnnouncementPolicy", "ciliuml2announcementpolicies", false),
];

export function groupVersionOf(resource: FakeResource): string {
  return resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
