// What the agent watches (its informers: daemon/k8s resources): Nodes, Pods, Services,
// EndpointSlices, and — when the features are on — CiliumL2AnnouncementPolicies and
// CiliumEnvoyConfigs. Any change calls the listeners; each consumer recomputes from the caches.

import { type Informer, pathInformer } from "../../k8s/informer.ts";
import { isNotFound, type KubeObject, type KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { RESOURCES, type ResourceType, resourcePath } from "../../k8s/resource-path.ts";
import type { Logger } from "../log-line.ts";

export interface ClusterStateOptions {
  client: KubeRestClient;
  log: Logger;
  l2Announcements: boolean;
  envoyConfigs: boolean;
}

export type Kind =
  | "nodes"
  | "pods"
  | "services"
  | "endpointSlices"
  | "l2Policies"
  | "envoyConfigs"
  | "namespaces";

export class ClusterState {
  readonly informers = new Map<Kind, Informer<KubeObject>>();
  private readonly listeners: ((kind: Kind) => void)[] = [];

  constructor(options: ClusterStateOptions) {
    const kinds: [Kind, ResourceType][] = [
      ["nodes", RESOURCES.nodes],
      ["namespaces", RESOURCES.namespaces],
      ["pods", RESOURCES.pods],
      ["services", RESOURCES.services],
      ["endpointSlices", RESOURCES.endpointSlices],
    ];
    if (options.l2Announcements) kinds.push(["l2Policies", RESOURCES.l2Policies]);
    if (options.envoyConfigs) kinds.push(["envoyConfigs", RESOURCES.envoyConfigs]);
    for (const [kind, type] of kinds) {
      let reported = false;
      const informer = pathInformer<KubeObject>(options.client, resourcePath(type), {
        onError: (error) => {
          if (reported) return;
          reported = true;
          // A CRD the operator has not registered yet is waited for (the agent's CRD wait logs at info).
          if (isNotFound(error))
            options.log.info("Waiting for the resource to be served", { resource: type.resource });
          else
            options.log.warn("Failed to watch resource, retrying", {
              resource: type.resource,
              error: String(error),
            });
        },
      }).on({
        upsert: () => this.emit(kind),
        delete: () => this.emit(kind),
      });
      this.informers.set(kind, informer);
    }
  }

  onChange(listener: (kind: Kind) => void): void {
    this.listeners.push(listener);
  }

  list<T = KubeObject>(kind: Kind): T[] {
    return (this.informers.get(kind)?.list() ?? []) as T[];
  }

  start(): void {
    for (const informer of this.informers.values()) informer.start();
  }

  /** The core kinds are listed (CRD kinds may not exist yet). */
  async synced(): Promise<void> {
    await Promise.all(
      (["nodes", "pods", "services", "endpointSlices"] as Kind[]).map((k) => this.informers.get(k)?.synced),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  private emit(kind: Kind): void {
    for (const listener of this.listeners) listener(kind);
  }
}
