// The controller-manager's node controllers (kubernetes/kubernetes pkg/controller/nodeipam with
// --allocate-node-cidrs, the range allocator: each node a /24 of --cluster-cidr in turn;
// ipam/range_allocator.go occupies the CIDRs nodes already have when it starts, then takes the
// next free one for each node from its in-memory cidrset (ipam/cidrset/cidr_set.go AllocateNext:
// a cursor that moves past each allocation, marked before the Node is patched, released if the
// patch fails) — never from the informer's view, which lags its own patches;
// pkg/controller/nodelifecycle: TaintNodesByCondition, and a node whose Lease in kube-node-lease has
// not been renewed for --node-monitor-grace-period (50s since v1.32) gets Ready and the pressure
// conditions Unknown, reason NodeStatusUnknown, "Kubelet stopped posting node status.", and the
// unreachable taints). Taint-based eviction of pods is not modelled (its 300s tolerations outlast
// a rehearsal).

import type { Informer } from "../k8s/informer.ts";
import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { controllerQueue, type Json, nowTimestamp, type Obj } from "./controller-kit.ts";

export const NODE_MONITOR_GRACE_MS = 50_000;

export function podCidrFor(clusterCidr: string, index: number): string {
  const [base = "10.244.0.0"] = clusterCidr.split("/");
  const value = base.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0) + index * 256;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".")}/24`;
}

/** The range allocator's set of /24s (cidrset): occupied ones, and the cursor of AllocateNext. */
export class PodCidrSet {
  private readonly used = new Set<string>();
  private next = 0;
  private readonly clusterCidr: string;
  private readonly size: number;

  constructor(clusterCidr: string) {
    this.clusterCidr = clusterCidr;
    const bits = Number(clusterCidr.split("/")[1] ?? 16);
    this.size = 2 ** Math.max(0, 24 - bits);
  }

  occupy(cidr: string): void {
    this.used.add(cidr);
  }

  release(cidr: string): void {
    this.used.delete(cidr);
  }

  allocateNext(): string {
    for (let step = 0; step < this.size; step += 1) {
      const index = (this.next + step) % this.size;
      const cidr = podCidrFor(this.clusterCidr, index);
      if (this.used.has(cidr)) continue;
      this.used.add(cidr);
      this.next = (index + 1) % this.size;
      return cidr;
    }
    throw new Error(
      `CIDR allocation failed; there are no remaining CIDRs left to allocate in ${this.clusterCidr}`,
    );
  }
}

export function nodeTaintsFor(ready: string | undefined, current: readonly Json[]): Json[] {
  const managed = new Set(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);
  const kept = current.filter((t) => !managed.has(String(t.key)));
  const keepTime = (key: string, effect: string) =>
    current.find((t) => t.key === key && t.effect === effect)?.timeAdded;
  const taint = (key: string, effect: string) => ({
    key,
    effect,
    ...(effect === "NoExecute" ? { timeAdded: keepTime(key, effect) ?? nowTimestamp() } : {}),
  });
  if (ready === "False")
    return [
      ...kept,
      taint("node.kubernetes.io/not-ready", "NoSchedule"),
      taint("node.kubernetes.io/not-ready", "NoExecute"),
    ];
  if (ready === "Unknown" || ready === undefined) {
    const key = ready === undefined ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable";
    return [...kept, taint(key, "NoSchedule"), ...(ready === undefined ? [] : [taint(key, "NoExecute")])];
  }
  return kept;
}

export function startNodeControllers(
  client: KubeRestClient,
  nodes: Informer<Obj>,
  leases: Informer<Obj>,
  options: { clusterCidr: string | undefined; now?: () => number },
  log: (line: string) => void,
): void {
  const now = options.now ?? Date.now;
  const cidrs = options.clusterCidr ? new PodCidrSet(options.clusterCidr) : undefined;
  for (const node of nodes.list()) {
    const existing = (node.spec as Json | undefined)?.podCIDR;
    if (existing) cidrs?.occupy(String(existing));
  }
  // Nodes whose CIDR is patched (the informer may not show it yet).
  const allocated = new Set<string>();
  const queue = controllerQueue("node", log, reconcile, () => nodes.list().map((n) => n.metadata.name), 2000);
  nodes.on({
    upsert: (node) => queue.add(node.metadata.name),
    // range_allocator.go ReleaseCIDR: a deleted Node's CIDR is free again.
    delete: (node) => {
      const cidr = (node.spec as Json | undefined)?.podCIDR;
      if (cidr) cidrs?.release(String(cidr));
      allocated.delete(node.metadata.name);
    },
  });

  async function reconcile(name: string): Promise<void> {
    const node = nodes.get(name);
    if (!node) return;
    const spec = (node.spec ?? {}) as Json;
    if (cidrs && !spec.podCIDR && !allocated.has(name)) {
      const cidr = cidrs.allocateNext();
      allocated.add(name);
      try {
        await client.patch(
          `/api/v1/nodes/${name}`,
          { spec: { podCIDR: cidr, podCIDRs: [cidr] } },
          "application/merge-patch+json",
        );
      } catch (error) {
        cidrs.release(cidr);
        allocated.delete(name);
        throw error;
      }
      log(`node ${name}: allocated podCIDR ${cidr}`);
      // The Node changed: its watch event queues it again for the lifecycle part.
      return;
    }
    const status = (node.status ?? {}) as Json;
    const conditions = ((status.conditions ?? []) as Json[]).map((c) => ({ ...c }));
    const lease = leases.get(`kube-node-lease/${name}`);
    const renew = Date.parse(String(((lease?.spec ?? {}) as Json).renewTime ?? ""));
    const heartbeat = Math.max(
      Number.isNaN(renew) ? 0 : renew,
      ...conditions.map((c) => Date.parse(String(c.lastHeartbeatTime ?? "")) || 0),
    );
    const ready = conditions.find((c) => c.type === "Ready");
    if (heartbeat > 0 && now() - heartbeat > NODE_MONITOR_GRACE_MS && ready && ready.status !== "Unknown") {
      const stamp = nowTimestamp();
      for (const condition of conditions) {
        if (!["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"].includes(String(condition.type)))
          continue;
        condition.status = "Unknown";
        condition.reason = "NodeStatusUnknown";
        condition.message = "Kubelet stopped posting node status.";
        condition.lastTransitionTime = stamp;
      }
      await client.patch(
        `/api/v1/nodes/${name}/status`,
        { status: { conditions } },
        "application/merge-patch+json",
      );
      log(`node ${name}: no heartbeat for ${Math.round((now() - heartbeat) / 1000)}s, marked Unknown`);
      return;
    }
    const readyNow = conditions.find((c) => c.type === "Ready")?.status as string | undefined;
    const taints = nodeTaintsFor(readyNow, (spec.taints ?? []) as Json[]);
    const strip = (list: Json[]) => JSON.stringify(list.map((t) => [t.key, t.effect]).sort());
    if (strip(taints) !== strip((spec.taints ?? []) as Json[])) {
      // controller_utils.go PatchNodeTaints: spec.taints has no merge key, so the patch carries the
      // resourceVersion the taints were computed from; a conflict (kubeadm or the kubelet wrote
      // meanwhile) fails the reconcile and the queue retries it from the informer's newer copy.
      await client.patch(
        `/api/v1/nodes/${name}`,
        { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints } },
        "application/merge-patch+json",
      );
    }
  }
}
