// CustomResourceDefinitions taking effect (kubernetes/kubernetes staging/src/k8s.io/
// apiextensions-apiserver pkg/controller/establish, status/naming_controller): once stored, each
// served version's kind is served (with /status when the version declares it) and the CRD says
// NamesAccepted and Established; acceptedNames mirror spec.names, storedVersions the storage version.

import type { FakeResource } from "../../kube-api/resources.ts";

type Json = Record<string, unknown>;

export function crdResources(crd: Json): FakeResource[] {
  const spec = (crd.spec ?? {}) as Json;
  const names = (spec.names ?? {}) as Json;
  return ((spec.versions ?? []) as Json[])
    .filter((version) => version.served !== false)
    .map((version) => ({
      group: String(spec.group ?? ""),
      version: String(version.name),
      kind: String(names.kind),
      plural: String(names.plural),
      namespaced: spec.scope !== "Cluster",
      ...(((version.subresources ?? {}) as Json).status !== undefined ? { statusSubresource: true } : {}),
    }));
}

export function establishedStatus(crd: Json, now: string): Json {
  const spec = (crd.spec ?? {}) as Json;
  const previous = ((crd.status as Json | undefined)?.conditions ?? []) as Json[];
  const condition = (type: string, reason: string, message: string) => ({
    type,
    status: "True",
    lastTransitionTime:
      previous.find((c) => c.type === type && c.status === "True")?.lastTransitionTime ?? now,
    reason,
    message,
  });
  const storage = ((spec.versions ?? []) as Json[]).find((version) => version.storage === true)?.name;
  const stored = new Set(((crd.status as Json | undefined)?.storedVersions ?? []) as string[]);
  if (storage) stored.add(String(storage));
  return {
    acceptedNames: spec.names ?? {},
    conditions: [
      condition("NamesAccepted", "NoConflicts", "no conflicts found"),
      condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
    ],
    storedVersions: [...stored],
  };
}
