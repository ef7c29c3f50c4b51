// The scheduler cache's assumed pods (kubernetes/kubernetes pkg/scheduler/schedule_one.go: assume,
// then bind): a pod counts on the node chosen for it from the moment it is chosen, not from when
// the pod informer shows spec.nodeName, so the next pod's inter-pod (anti-)affinity and spread see
// it. An assumption ends when the informer shows the pod bound or gone, or the binding fails.

import type { Json, Obj } from "./controller-kit.ts";

export class AssumedPods {
  private readonly nodes = new Map<string, string>();

  assume(key: string, node: string): void {
    this.nodes.set(key, node);
  }

  forget(key: string): void {
    this.nodes.delete(key);
  }

  has(key: string): boolean {
    return this.nodes.has(key);
  }

  /** The pods as the scheduler counts them: assumed ones on their chosen node. */
  overlay(pods: readonly Obj[], keyOf: (pod: Obj) => string): Obj[] {
    return pods.map((pod) => {
      const node = this.nodes.get(keyOf(pod));
      const spec = (pod.spec ?? {}) as Json;
      return node && !spec.nodeName ? { ...pod, spec: { ...spec, nodeName: node } } : pod;
    });
  }
}
