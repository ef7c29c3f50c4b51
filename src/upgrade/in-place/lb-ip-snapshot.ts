// LoadBalancer addresses before and after an upgrade. An in-place upgrade must not move them:
// LAN clients, DNS records and router port-forwards point at these IPs. Pure.

import type { KubeObject } from "../../cluster/kube-access.ts";
import { isRecord } from "../../repo/yaml-documents.ts";

/** `namespace/name` → the Service's `.status.loadBalancer.ingress[]` IPs (or hostnames), sorted. */
export type LbIpSnapshot = Record<string, string[]>;

export interface LbIpChange {
  service: string;
  before: string[];
  after: string[];
  /** changed: different addresses; lost: had some, has none (or is gone); gained: had none. */
  kind: "changed" | "lost" | "gained";
}

export function snapshotLoadBalancerIps(services: readonly KubeObject[]): LbIpSnapshot {
  const snapshot: LbIpSnapshot = {};
  for (const service of services) {
    const spec = isRecord(service.spec) ? service.spec : {};
    if (spec.type !== "LoadBalancer") continue;
    const status = isRecord(service.status) ? service.status : {};
    const balancer = isRecord(status.loadBalancer) ? status.loadBalancer : {};
    const ingress = Array.isArray(balancer.ingress) ? balancer.ingress : [];
    const addresses = ingress
      .filter(isRecord)
      .map((entry) =>
        typeof entry.ip === "string" ? entry.ip : typeof entry.hostname === "string" ? entry.hostname : "",
      )
      .filter(Boolean)
      .sort();
    snapshot[`${service.metadata.namespace ?? "default"}/${service.metadata.name}`] = addresses;
  }
  return snapshot;
}

/** Every Service whose addresses differ; `gained` is not churn (e.g. an IP assigned meanwhile). */
export function diffLoadBalancerIps(before: LbIpSnapshot, after: LbIpSnapshot): LbIpChange[] {
  const changes: LbIpChange[] = [];
  for (const service of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const was = before[service] ?? [];
    const now = after[service] ?? [];
    if (was.join() === now.join()) continue;
    const kind = was.length === 0 ? "gained" : now.length === 0 ? "lost" : "changed";
    changes.push({ service, before: was, after: now, kind });
  }
  return changes;
}

export function isChurn(change: LbIpChange): boolean {
  return change.kind !== "gained";
}
