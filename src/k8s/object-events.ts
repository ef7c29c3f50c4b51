// The core/v1 Events about one object, oldest first, for the diagnostics of a failed suite.

import type { KubeClient } from "./kube-client.ts";
import type { ObjectRef } from "./kube-object.ts";
import { listObjects } from "./read-objects.ts";

export interface EventSummary {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** RFC3339: lastTimestamp, else eventTime, else creation time. */
  time: string;
  source: string;
}

interface WireEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  metadata: { creationTimestamp?: string };
}

export async function eventsFor(client: KubeClient, ref: ObjectRef): Promise<EventSummary[]> {
  const fieldSelector = [`involvedObject.name=${ref.name}`, `involvedObject.kind=${ref.kind}`].join(",");
  const { items } = await listObjects(client, {
    apiVersion: "v1",
    kind: "Event",
    // Events of cluster-scoped objects are recorded in "default".
    namespace: ref.namespace ?? "default",
    fieldSelector,
  });
  return items
    .map((item) => summarize(item as unknown as WireEvent))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

function summarize(event: WireEvent): EventSummary {
  return {
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    message: event.message ?? "",
    count: event.count ?? 1,
    time: event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? "",
    source: event.source?.component ?? event.reportingComponent ?? "",
  };
}

/** `12:00:01 Warning FailedScheduling (x3) 0/3 nodes are available…` lines. */
export function formatEvents(events: readonly EventSummary[]): string {
  return events
    .map((event) => {
      const count = event.count > 1 ? ` (x${event.count})` : "";
      return `${event.time} ${event.type} ${event.reason}${count} ${event.message}`;
    })
    .join("\n");
}
