// Every resource the API server serves right now (discovery: /api/v1 and each /apis group's
// preferred and other versions), for the controllers that must touch every kind — the namespace
// controller deleting a namespace's content, the garbage collector — as their real counterparts
// use the discovery client (CRDs included).

import type { KubeRestClient } from "../k8s/kube-rest-client.ts";

export interface ServedResource {
  path: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

interface ResourceList {
  resources?: { name: string; namespaced: boolean; verbs?: string[] }[];
}

export async function servedResources(client: KubeRestClient): Promise<ServedResource[]> {
  const lists: { group: string; version: string; root: string }[] = [
    { group: "", version: "v1", root: "/api/v1" },
  ];
  const groups =
    (await client.get<{ groups?: { name: string; preferredVersion?: { version: string } }[] }>("/apis"))
      ?.groups ?? [];
  for (const group of groups) {
    const version = group.preferredVersion?.version;
    if (version) lists.push({ group: group.name, version, root: `/apis/${group.name}/${version}` });
  }
  const served: ServedResource[] = [];
  for (const list of lists) {
    const body = await client.get<ResourceList>(list.root).catch(() => undefined);
    for (const resource of body?.resources ?? []) {
      if (resource.name.includes("/")) continue;
      if (resource.verbs && !resource.verbs.includes("list")) continue;
      served.push({
        path: list.root,
        group: list.group,
        version: list.version,
        plural: resource.name,
        namespaced: resource.namespaced,
      });
    }
  }
  return served;
}
