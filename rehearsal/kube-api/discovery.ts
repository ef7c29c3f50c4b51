// Discovery documents (k8s.io/apiserver pkg/endpoints/discovery): /api (APIVersions), /apis
// (APIGroupList), /api/v1 and /apis/<group>/<version> (APIResourceList, subresources as
// `pods/log`), and aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList, asked for
// with `Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`, as kubectl
// and the cilium CLI do; a plain `application/json` Accept gets the plain documents).

import type { Json } from "./object-store.ts";
import type { FakeResource } from "./resources.ts";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ["get", "patch", "update"],
  scale: ["get", "patch", "update"],
  log: ["get"],
  exec: ["create", "get"],
  attach: ["create", "get"],
  portforward: ["create", "get"],
  proxy: ["create", "delete", "get", "patch", "update"],
  binding: ["create"],
  eviction: ["create"],
  finalize: ["update"],
  token: ["create"],
};

export const AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** Whether the Accept header asks for aggregated discovery v2 (it may list it among others). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? "")
    .split(",")
    .map((part) => part.replace(/\s+/g, "").split(";q=")[0])
    .some((part) => part === AGGREGATED_V2);
}

export function apiVersions(serverAddress: string): Json {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** Versions of a group, preferred first (kube-aware order: v2 > v1 > v1beta2 > v1beta1 > v1alpha1). */
export function groupVersions(resources: readonly FakeResource[], group: string): string[] {
  const versions = [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))];
  return versions.sort(compareKubeVersions);
}

export function groupList(resources: readonly FakeResource[]): Json {
  const groups = [...new Set(resources.map((r) => r.group).filter((group) => group !== ""))];
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.map((name) => {
      const versions = groupVersions(resources, name);
      return {
        name,
        versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      };
    }),
  };
}

export function resourceList(
  resources: readonly FakeResource[],
  group: string,
  version: string,
): Json | undefined {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources: served.flatMap((resource) => [
      {
        name: resource.plural,
        singularName: resource.singular ?? resource.kind.toLowerCase(),
        namespaced: resource.namespaced,
        kind: resource.kind,
        verbs: VERBS,
        ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
      },
      ...(resource.subresources ?? []).map((subresource) => ({
        name: `${resource.plural}/${subresource}`,
        singularName: "",
        namespaced: resource.namespaced,
        kind: subresourceKind(resource, subresource),
        verbs: SUBRESOURCE_VERBS[subresource] ?? ["get"],
      })),
    ]),
  };
}

/** /api (core: true) or /apis (core: false) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(resources: readonly FakeResource[], core: boolean): Json {
  const groups = core ? [""] : [...new Set(resources.map((r) => r.group).filter((group) => group !== ""))];
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: "apidiscovery.k8s.io/v2",
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: groupVersions(resources, group).map((version) => ({
        version,
        resources: resources
          .filter((r) => r.group === group && r.version === version)
          .map((resource) => ({
            resource: resource.plural,
            responseKind: { group, version, kind: resource.kind },
            scope: resource.namespaced ? "Namespaced" : "Cluster",
            singularResource: resource.singular ?? resource.kind.toLowerCase(),
            verbs: VERBS,
            ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
            ...(resource.subresources?.length
              ? {
                  subresources: resource.subresources.map((subresource) => ({
                    subresource,
                    responseKind: { group, version, kind: subresourceKind(resource, subresource) },
                    verbs: SUBRESOURCE_VERBS[subresource] ?? ["get"],
                  })),
                }
              : {}),
          })),
        freshness: "Current",
      })),
    })),
  };
}

function subresourceKind(resource: FakeResource, subresource: string): string {
  if (subresource === "scale") return "Scale";
  if (subresource === "eviction") return "Eviction";
  if (subresource === "binding") return "Binding";
  if (subresource === "token") return "TokenRequest";
  if (subresource === "exec") return "PodExecOptions";
  if (subresource === "portforward") return "PodPortForwardOptions";
  if (subresource === "attach") return "PodAttachOptions";
  if (subresource === "proxy")
    return resource.kind === "Pod" ? "PodProxyOptions" : `${resource.kind}ProxyOptions`;
  return resource.kind;
}

/** k8s.io/apimachinery pkg/version CompareKubeAwareVersionStrings, as a sort comparator (preferred first). */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) return { kube: false, major: 0, stage: 0, minor: 0 };
    const stage = match[2] === "alpha" ? 1 : match[2] === "beta" ? 2 : 3;
    return { kube: true, major: Number(match[1]), stage, minor: Number(match[3] ?? 0) };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.kube !== y.kube) return x.kube ? -1 : 1;
  if (!x.kube) return a.localeCompare(b);
  if (x.stage !== y.stage) return y.stage - x.stage;
  if (x.major !== y.major) return y.major - x.major;
  return y.minor - x.minor;
}
