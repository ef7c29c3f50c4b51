// The REST path of an object from its apiVersion, kind and metadata: the plural resource as the
// API server names it (kubernetes/apimachinery meta.UnsafeGuessKindToResource: lower-case kind,
// `s`→`ses`, `y`→`ies`, else `+s`; irregular built-ins listed), cluster-scoped kinds known by name.

const IRREGULAR: Record<string, string> = { Endpoints: "endpoints" };

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "PriorityClass",
  "IngressClass",
  "APIService",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "CSIDriver",
  "RuntimeClass",
  "GatewayClass",
  "CiliumLoadBalancerIPPool",
  "CiliumL2AnnouncementPolicy",
  "CiliumNode",
  "CiliumIdentity",
  "CiliumClusterwideNetworkPolicy",
  "CiliumClusterwideEnvoyConfig",
  "CiliumBGPClusterConfig",
  "CiliumPodIPPool",
  "CiliumExternalWorkload",
  "CiliumNodeConfig",
]);

export function pluralOf(kind: string): string {
  const irregular = IRREGULAR[kind];
  if (irregular) return irregular;
  const lower = kind.toLowerCase();
  if (lower.endsWith("s")) return `${lower}es`;
  if (lower.endsWith("y")) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  metadata: { name?: unknown; namespace?: unknown } & Record<string, unknown>;
}

/** `/api/v1/namespaces/ns/pods/name` (withName false: the collection, for a POST). */
export function objectPath(
  object: ObjectIdentity,
  options: { withName?: boolean; subresource?: string } = {},
): string {
  const root = object.apiVersion.includes("/") ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const namespace = isClusterScoped(object.kind) ? undefined : String(object.metadata.namespace ?? "default");
  const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  const name = options.withName === false ? "" : `/${encodeURIComponent(String(object.metadata.name ?? ""))}`;
  const sub = options.subresource && options.withName !== false ? `/${options.subresource}` : "";
  return `${root}${scope}/${pluralOf(object.kind)}${name}${sub}`;
}
