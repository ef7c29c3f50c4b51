// REST paths of the Kubernetes API: /api/v1/... for the core group, /apis/<group>/<version>/...
// for the others; namespaced resources under namespaces/<ns>/ (kubernetes/apimachinery
// pkg/apis/meta/v1 and the API conventions). Which plural and scope a kind has comes from the
// tables the double serves them from (the API server's built-ins, Cilium's CRDs of every minor,
// the Gateway API CRDs); a kind none of them knows is refused, or for objectPath (kubeadm's
// manifests) guessed as apimachinery's meta.UnsafeGuessKindToResource does (lower-case kind,
// `s`→`ses`, `y`→`ies`, else `+s`), namespaced. The path only names the resource: the API server still decides whether it serves it
// (404 for a CRD that is not Established, as a real one answers).

import { CILIUM_CRDS } from "../cilium/operator/crds/cilium-crds.ts";
import { GATEWAY_API_KINDS } from "../gateway-api-crds.ts";
import { BUILT_IN_RESOURCES } from "../kube-api/resources.ts";

export interface ResourceType {
  /** "" for the core group. */
  group: string;
  version: string;
  /** Plural lower-case resource name: "leases", "services". */
  resource: string;
  namespaced: boolean;
}

export interface ResourceLocation {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

export function resourcePath(type: ResourceType, where: ResourceLocation = {}): string {
  const root = type.group === "" ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope =
    type.namespaced && where.namespace ? `/namespaces/${encodeURIComponent(where.namespace)}` : "";
  const name = where.name ? `/${encodeURIComponent(where.name)}` : "";
  const sub = where.name && where.subresource ? `/${where.subresource}` : "";
  return `${root}${scope}/${type.resource}${name}${sub}`;
}

const known = new Map<string, { plural: string; namespaced: boolean }>();
for (const resource of [...BUILT_IN_RESOURCES, ...GATEWAY_API_KINDS])
  known.set(`${resource.group}/${resource.kind}`, resource);
for (const [plural, kind, scope] of Object.values(CILIUM_CRDS).flat())
  known.set(`cilium.io/${kind}`, { plural, namespaced: scope === "Namespaced" });

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function guessedPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith("s")) return `${lower}es`;
  if (lower.endsWith("y")) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The resource of a kind at an apiVersion; a kind no table knows is an error unless `guess`. */
export function resourceOf(apiVersion: string, kind: string, guess = false): ResourceType {
  const { group, version } = splitApiVersion(apiVersion);
  const found = known.get(`${group}/${kind}`);
  if (!found && !guess)
    throw new Error(`the rehearsal's kube client has no path for ${kind} (${apiVersion})`);
  return {
    group,
    version,
    resource: found?.plural ?? guessedPlural(kind),
    namespaced: found?.namespaced ?? true,
  };
}

/** `/api/v1/namespaces/x/services`, `/apis/cilium.io/v2/ciliumloadbalancerippools/name/status`. */
export function kindPath(apiVersion: string, kind: string, where: ResourceLocation = {}): string {
  return resourcePath(resourceOf(apiVersion, kind), where);
}

/** `/api/v1/namespaces/ns/pods/name` (withName false: the collection, for a POST); namespace default `default`. */
export function objectPath(
  object: { apiVersion: string; kind: string; metadata: { name?: unknown; namespace?: unknown } },
  options: { withName?: boolean; subresource?: string } = {},
): string {
  const type = resourceOf(object.apiVersion, object.kind, true);
  return resourcePath(type, {
    namespace: String(object.metadata.namespace ?? "default"),
    ...(options.withName === false ? {} : { name: String(object.metadata.name ?? "") }),
    ...(options.subresource ? { subresource: options.subresource } : {}),
  });
}

/** The kinds the double's Cilium programs read and write. */
export const RESOURCES = {
  namespaces: resourceOf("v1", "Namespace"),
  nodes: resourceOf("v1", "Node"),
  pods: resourceOf("v1", "Pod"),
  services: resourceOf("v1", "Service"),
  endpointSlices: resourceOf("discovery.k8s.io/v1", "EndpointSlice"),
  leases: resourceOf("coordination.k8s.io/v1", "Lease"),
  l2Policies: resourceOf("cilium.io/v2alpha1", "CiliumL2AnnouncementPolicy"),
  ciliumNodes: resourceOf("cilium.io/v2", "CiliumNode"),
  envoyConfigs: resourceOf("cilium.io/v2", "CiliumEnvoyConfig"),
} as const satisfies Record<string, ResourceType>;
