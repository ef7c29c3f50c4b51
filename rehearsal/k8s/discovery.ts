// The kinds the API server serves, per group/version, from its discovery documents (/api/v1,
// /apis, /apis/<group>/<version>): what Helm's capabilities (.Capabilities.APIVersions) and its
// REST mapper see.

import type { KubeRestClient } from "./kube-rest-client.ts";

interface ResourceList {
  resources?: { name: string; kind: string }[];
}

interface GroupList {
  groups?: { name: string; versions?: { groupVersion: string }[] }[];
}

export async function servedKinds(client: KubeRestClient): Promise<Map<string, Set<string>>> {
  const served = new Map<string, Set<string>>();
  const add = (groupVersion: string, list: ResourceList) => {
    const kinds = new Set(
      (list.resources ?? [])
        .filter((resource) => !resource.name.includes("/"))
        .map((resource) => resource.kind),
    );
    served.set(groupVersion, kinds);
  };
  add("v1", (await client.get<ResourceList>("/api/v1")) ?? {});
  const groups = (await client.get<GroupList>("/apis")) ?? {};
  const versions = (groups.groups ?? []).flatMap((group) =>
    (group.versions ?? []).map((version) => version.groupVersion),
  );
  await Promise.all(
    versions.map(async (groupVersion) => {
      try {
        add(groupVersion, (await client.get<ResourceList>(`/apis/${groupVersion}`)) ?? {});
      } catch {
        // A group whose document fails is not served (a real server answers 503 for such).
      }
    }),
  );
  return served;
}

/** `.Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1/GatewayClass"`. */
export function hasKind(served: Map<string, Set<string>>, apiVersion: string, kind: string): boolean {
  return served.get(apiVersion)?.has(kind) ?? false;
}
