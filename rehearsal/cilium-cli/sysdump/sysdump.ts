// `cilium sysdump` (and the connectivity test's --collect-sysdump-on-failure) as cilium-cli
// v0.19.7's collector writes it (vendored cilium-cli/sysdump/sysdump.go): a folder named by
// --output-filename with "<ts>" replaced by the start time (20060102-150405), holding one file per
// task — the Kubernetes objects as YAML lists (k8s-nodes-<ts>.yaml, k8s-pods-<ts>.yaml, …), the
// Cilium objects, cilium-configmap-<ts>.yaml, and the logs of every Cilium pod's containers
// (logs-<pod>-<container>-<ts>.log) — zipped into "<name>.zip" in the current directory. The
// double collects the subset of tasks that read the API server; the per-node bugtool/gops/pprof
// tasks exec tools the double does not have.

import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import type { ListQuery } from "../../k8s/kube-objects.ts";
import type { CliSession } from "../cli-session.ts";
import { type FlagSpec, flagOf } from "../command-line.ts";
import { type ZipEntry, zipArchive } from "./zip-writer.ts";

export const SYSDUMP_FLAGS: FlagSpec[] = [
  { name: "output-filename", kind: "string" },
  { name: "cilium-namespace", kind: "string" },
  { name: "logs-limit-bytes", kind: "int" },
  { name: "quick", kind: "bool" },
];

/** time.Format("20060102-150405") in the process's zone. */
export function sysdumpTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

const TASKS: { file: string; query: Omit<ListQuery, "namespace">; cilium?: boolean }[] = [
  { file: "k8s-nodes", query: { apiVersion: "v1", kind: "Node" } },
  { file: "k8s-events", query: { apiVersion: "v1", kind: "Event" } },
  { file: "k8s-namespaces", query: { apiVersion: "v1", kind: "Namespace" } },
  { file: "k8s-pods", query: { apiVersion: "v1", kind: "Pod" } },
  { file: "k8s-services", query: { apiVersion: "v1", kind: "Service" } },
  { file: "k8s-endpointslices", query: { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" } },
  { file: "k8s-leases", query: { apiVersion: "coordination.k8s.io/v1", kind: "Lease" } },
  { file: "ciliumnodes", query: { apiVersion: "cilium.io/v2", kind: "CiliumNode" } },
  {
    file: "ciliumloadbalancerippools",
    query: { apiVersion: "cilium.io/v2alpha1", kind: "CiliumLoadBalancerIPPool" },
  },
  {
    file: "ciliuml2announcementpolicies",
    query: { apiVersion: "cilium.io/v2alpha1", kind: "CiliumL2AnnouncementPolicy" },
  },
  { file: "ciliumenvoyconfigs", query: { apiVersion: "cilium.io/v2", kind: "CiliumEnvoyConfig" } },
  { file: "cilium-daemonset", query: { apiVersion: "apps/v1", kind: "DaemonSet" }, cilium: true },
  { file: "cilium-operator-deployment", query: { apiVersion: "apps/v1", kind: "Deployment" }, cilium: true },
];

export async function collectSysdump(
  session: CliSession,
  options: { outputFileName: string; now: Date },
): Promise<string> {
  const ts = sysdumpTimestamp(options.now);
  const folder = options.outputFileName.replaceAll("<ts>", ts);
  const base = folder.split("/").pop() ?? folder;
  const entries: ZipEntry[] = [];
  const add = (name: string, text: string) =>
    entries.push({ name: `${base}/${name}`, data: Buffer.from(text, "utf8"), modified: options.now });
  for (const task of TASKS) {
    try {
      const list = await session.objects.list({
        ...task.query,
        ...(task.cilium ? { namespace: session.namespace } : {}),
      });
      add(`${task.file}-${ts}.yaml`, stringify({ apiVersion: "v1", kind: "List", items: list.items }));
    } catch (error) {
      add(`${task.file}-${ts}.error.txt`, `${(error as Error).message}\n`);
    }
  }
  try {
    const config = await session.objects.get({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: session.namespace,
      name: "cilium-config",
    });
    if (config) add(`cilium-configmap-${ts}.yaml`, stringify(config));
  } catch {
    // Reported as a missing file, as the collector's warnings are.
  }
  const pods = await session.objects
    .list({
      apiVersion: "v1",
      kind: "Pod",
      namespace: session.namespace,
      labelSelector: "app.kubernetes.io/part-of=cilium",
    })
    .catch(() => ({ items: [] }));
  for (const pod of pods.items) {
    for (const container of (pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []) {
      const text = await session.client
        .text(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/log`, {
          query: { container: container.name, limitBytes: 1073741824 },
        })
        .catch((error: unknown) => `error: ${(error as Error).message}\n`);
      add(`logs-${pod.metadata.name}-${container.name}-${ts}.log`, text);
    }
  }
  const zipName = `${folder}.zip`;
  writeFileSync(zipName, zipArchive(entries));
  return zipName;
}

export async function sysdumpCommand(session: CliSession): Promise<number> {
  const name = flagOf(session.parsed, "output-filename", "cilium-sysdump-<ts>");
  session.io.stdout("🔍 Collecting sysdump with cilium-cli version: v0.19.7, args: [sysdump]\n");
  const file = await collectSysdump(session, { outputFileName: name, now: session.io.now() });
  session.io.stdout(`🗳 Compiling sysdump\n✅ The sysdump has been saved to ${file}\n`);
  return 0;
}
