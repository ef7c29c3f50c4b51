// What a host can plug into the API server beyond storage and transport: the parts of a real
// kube-apiserver that are registry strategies and admission (kubernetes/kubernetes pkg/registry/*:
// defaulting, ClusterIP and NodePort allocation, ServiceAccount tokens, pod binding) rather than
// the generic REST machinery this server implements. The rehearsal's control plane plugs its
// registry in here (rehearsal/node/control-plane/); the tests' server plugs in nothing.

import type { Json, ObjectKey } from "./object-store.ts";
import type { FakeResource } from "./resources.ts";

export interface ApiWrite {
  operation: "CREATE" | "UPDATE";
  resource: FakeResource;
  key: ObjectKey;
  /** The object about to be stored; admission may change it in place. */
  object: Json;
  /** The stored object an update replaces. */
  old: Json | undefined;
}

export interface SubresourceRequest {
  method: string;
  resource: FakeResource;
  key: ObjectKey;
  subresource: string;
  body: string;
  /** The stored object the subresource belongs to. */
  existing: Json;
}

export interface SubresourceAnswer {
  code: number;
  body: unknown;
}

export interface ApiExtensions {
  /** Mutating and validating admission for creates and updates; throw a StatusError to refuse. */
  admit?(write: ApiWrite): void;
  /** Serves a subresource the generic server does not know (pods/binding, serviceaccounts/token). */
  subresource?(request: SubresourceRequest): Promise<SubresourceAnswer | undefined>;
  /** After an object is gone from the store. */
  removed?(resource: FakeResource, object: Json): void;
}
