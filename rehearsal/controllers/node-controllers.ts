// The controller-manager's node controllers (kubernetes/kubernetes pkg/controller/nodeipam with
// --allocate-node-cidrs, the range allocator: each node a /24 of --cluster-cidr in turn;
// pkg/controller/nodelifecycle: TaintNodesByCondition, and a node whose Lease in kube-node-lease has
// not been renewed for --node-monitor-grace-period (50s since v1.32) gets Ready and the pressure
// conditions Unknown, reason NodeStatusUnknown, "Kubelet stopped posting node status.", and the
// unreachable taints). Taint-based eviction of pods is not modelled (its 300s tolerations outlast
// a rehearsal).

import type { Informer } from "../kube-client/informer.ts";
import type { KubeRestClient } from "../kube-client/kube-rest-client.ts";
import { controllerQueue, type Json, nowTimestamp, type Obj } from "./controller-kit.ts";

export const NODE_MONITOR_GRACE_MS = 50_000;

export function podCidrFor(clusterCidr: string, index: number): string {
  const [base = "10.244.0.0"] = clusterCidr.split("/");
  const value = base.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0) + index * 256;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".")}/24`;
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
  const queue = controllerQueue("node", log, reconcile, () => nodes.list().map((n) => n.metadata.name), 2000);
  nodes.on({ upsert: (node) => queue.add(node.metadata.name) });

  async function reconcile(name: string): Promise<void> {
    const node = nodes.get(name);
    if (!node) return;
    const spec = (node.spec ?? {}) as Json;
    if (options.clusterCidr && !spec.podCIDR) {
      const used = new Set(
        nodes
          .list()
          .map((n) => (n.spec as Json | undefined)?.podCIDR)
          .filter(Boolean),
      );
      let index = 0;
      while (used.has(podCidrFor(options.clusterCidr, index))) index += 1;
      const cidr = podCidrFor(options.clusterCidr, index);
      await client.patch(
        `/api/v1/nodes/${name}`,
        { spec: { podCIDR: cidr, podCIDRs: [cidr] } },
        "application/merge-patch+json",
      );
      log(`node ${name}: allocated podCIDR ${cidr}`);
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
    }
    const readyNow = conditions.find((c) => c.type === "Ready")?.status as string | undefined;
    const taints = nodeTaintsFor(readyNow, (spec.taints ?? []) as Json[]);
    const strip = (list: Json[]) => JSON.stringify(list.map((t) => [t.key, t.effect]).sort());
    if (strip(taints) !== strip((spec.taints ?? []) as Json[])) {
      await client.patch(`/api/v1/nodes/${name}`, { spec: { taints } }, "application/merge-patch+json");
    }
  }
}
