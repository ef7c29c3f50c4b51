// The collectors a failed suite test runs BEFORE anything is cleaned up (through the report
// layer's runner, so one failing or hanging collector never stops the others): status and
// conditions of the suite's objects, the namespace's pods and events, the Cilium agent's log on
// each relevant node, and the namespace's Hubble drops with their reasons.

import type { KubeClient } from "../k8s/kube-client.ts";
import { describeRef, type ObjectRef } from "../k8s/kube-object.ts";
import { formatEvents } from "../k8s/object-events.ts";
import { podLogs } from "../k8s/pod-logs.ts";
import { getObject, listObjects } from "../k8s/read-objects.ts";
import type { DiagnosticCollector } from "../report/diagnostics.ts";
import { ciliumComponents } from "./cilium-components.ts";

export const AGENT_LOG_TAIL_LINES = 400;

/** Returns readable drop lines of a namespace since a time (the Hubble probe, or a stand-in in tests). */
export type HubbleDropsSource = (namespace: string, since: Date, signal: AbortSignal) => Promise<string>;

export interface SuiteDiagnosticsInput {
  client: KubeClient;
  namespace: string;
  /** Where Cilium is installed (run context): the agents' logs are read there. */
  ciliumNamespace: string;
  objects: readonly ObjectRef[];
  nodes: readonly string[];
  since: Date;
  hubbleDrops?: HubbleDropsSource;
}

export function suiteCollectors(input: SuiteDiagnosticsInput): DiagnosticCollector[] {
  const { client, namespace } = input;
  const agent = ciliumComponents(input.ciliumNamespace).agent;
  const collectors: DiagnosticCollector[] = input.objects.map((ref) => ({
    name: `status ${describeRef(ref)}`,
    async collect() {
      const object = await getObject(client, ref);
      if (!object) return `${describeRef(ref)}: not found\n`;
      return { metadata: object.metadata, spec: object.spec, status: object.status };
    },
  }));
  collectors.push(
    {
      name: `pods ${namespace}`,
      async collect() {
        const { items } = await listObjects(client, { apiVersion: "v1", kind: "Pod", namespace });
        return items.map((pod) => ({
          name: pod.metadata.name,
          node: (pod.spec as { nodeName?: string } | undefined)?.nodeName,
          status: pod.status,
        }));
      },
    },
    {
      name: `events ${namespace}`,
      async collect() {
        const { items } = await listObjects(client, { apiVersion: "v1", kind: "Event", namespace });
        const events = items.map((item) => {
          const event = item as unknown as Record<string, unknown> & {
            involvedObject?: { kind?: string; name?: string };
          };
          return {
            type: String(event.type ?? "Normal"),
            reason: `${event.involvedObject?.kind ?? "?"}/${event.involvedObject?.name ?? "?"} ${String(event.reason ?? "")}`,
            message: String(event.message ?? ""),
            count: Number(event.count ?? 1),
            time: String(
              event.lastTimestamp ??
                event.eventTime ??
                (item.metadata as { creationTimestamp?: string }).creationTimestamp ??
                "",
            ),
            source: "",
          };
        });
        events.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
        return events.length > 0 ? `${formatEvents(events)}\n` : `no events in ${namespace}\n`;
      },
    },
  );
  for (const node of input.nodes) {
    collectors.push({
      name: `agent log ${node}`,
      async collect() {
        const { items } = await listObjects(client, {
          apiVersion: "v1",
          kind: "Pod",
          namespace: agent.namespace,
          labelSelector: agent.labelSelector,
          fieldSelector: `spec.nodeName=${node}`,
        });
        const pod = items[0]?.metadata.name;
        if (!pod)
          return `no Cilium agent pod (${agent.labelSelector}) in ${agent.namespace} on node ${node}\n`;
        return podLogs(client, {
          namespace: agent.namespace,
          pod,
          container: agent.container,
          tailLines: AGENT_LOG_TAIL_LINES,
          timestamps: true,
        });
      },
    });
  }
  const drops = input.hubbleDrops;
  if (drops) {
    collectors.push({
      name: `hubble drops ${namespace}`,
      collect: (signal) => drops(namespace, input.since, signal),
    });
  }
  return collectors;
}
