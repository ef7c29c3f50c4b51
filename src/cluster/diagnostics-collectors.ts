// What a failed provisioning collects: kind's logs, Cilium's status, nodes, pods, events and
// the LAN network. Collectors that need the API say so when it never opened.

import { join } from "node:path";
import type { RunPlan } from "../plan/run-plan.ts";
import type { CommandResult, RunOptions } from "../tools/run-command.ts";
import type { DiagnosticCollector } from "./diagnostics.ts";
import { conditionsOf, describeCondition, type KubeAccess, type KubeObject } from "./kube-access.ts";
import type { LanDocker } from "./lan-network.ts";
import type { RunFiles } from "./report-paths.ts";

export interface CollectorDeps {
  plan: RunPlan;
  files: RunFiles;
  /** Undefined when the cluster never got a verified kubeconfig. */
  kube: KubeAccess | undefined;
  exec(tool: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  docker: Pick<LanDocker, "networkInspect">;
}

export function provisioningCollectors(deps: CollectorDeps): DiagnosticCollector[] {
  const { plan, files } = deps;
  const kube = (): KubeAccess => {
    if (!deps.kube) throw new Error("the cluster's API never opened (no verified kubeconfig)");
    return deps.kube;
  };
  return [
    {
      name: "kind-logs",
      collect: async (dir) => {
        await deps.exec("kind", ["export", "logs", join(dir, "kind-logs"), "--name", plan.clusterName], {
          timeoutMs: 300_000,
        });
        return undefined;
      },
    },
    {
      name: "cilium-status",
      collect: async () => {
        kube();
        // Cilium lives in the HelmRelease's namespace, which is not always kube-system.
        const result = await deps.exec(
          "cilium",
          ["status", "--namespace", plan.cilium.namespace, "--interactive=false"],
          {
            env: { KUBECONFIG: files.kubeconfig },
            timeoutMs: 60_000,
            okExitCodes: [1],
          },
        );
        return `${result.stdout}\n${result.stderr}`.trim();
      },
    },
    {
      name: "nodes",
      collect: async () => {
        const nodes = await kube().list("v1", "Node");
        return nodes
          .map((node) => `${node.metadata.name} ${describeCondition(conditionsOf(node), "Ready")}`)
          .join("\n");
      },
    },
    {
      name: "pods",
      collect: async () => (await kube().list("v1", "Pod")).map(describePod).join("\n") || "no pods",
    },
    {
      name: "events",
      collect: async () => {
        const events = await kube().list("v1", "Event");
        return events.sort(byEventTime).map(describeEvent).join("\n") || "no events";
      },
    },
    {
      name: "lan-network",
      collect: async () =>
        JSON.stringify(await deps.docker.networkInspect(plan.lan.networkName), null, 2) ?? "absent",
    },
  ];
}

function describePod(pod: KubeObject): string {
  const status = (pod.status ?? {}) as {
    phase?: string;
    containerStatuses?: {
      name?: string;
      ready?: boolean;
      restartCount?: number;
      state?: Record<string, { reason?: string }>;
    }[];
  };
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  const containers = (status.containerStatuses ?? [])
    .map((c) => {
      const waiting = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
      return `${c.name}:${c.ready ? "ready" : "not-ready"}${waiting ? `(${waiting})` : ""} restarts=${c.restartCount ?? 0}`;
    })
    .join(" ");
  return `${pod.metadata.namespace ?? ""}/${pod.metadata.name} ${status.phase ?? "?"} node=${spec.nodeName ?? "-"} ${containers}`.trim();
}

function eventTime(event: KubeObject): string {
  const e = event as {
    lastTimestamp?: string;
    eventTime?: string;
    metadata: { creationTimestamp?: unknown };
  };
  return e.lastTimestamp ?? e.eventTime ?? String(e.metadata.creationTimestamp ?? "");
}

function byEventTime(a: KubeObject, b: KubeObject): number {
  return eventTime(a).localeCompare(eventTime(b));
}

function describeEvent(event: KubeObject): string {
  const e = event as {
    type?: string;
    reason?: string;
    message?: string;
    involvedObject?: { kind?: string; namespace?: string; name?: string };
  };
  const target = e.involvedObject;
  return `${eventTime(event)} ${e.type ?? ""} ${e.reason ?? ""} ${target?.kind ?? ""}/${target?.namespace ? `${target.namespace}/` : ""}${target?.name ?? ""}: ${e.message ?? ""}`;
}
