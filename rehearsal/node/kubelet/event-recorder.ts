// Events as the kubelet records them (client-go tools/record): one core/v1 Event per object,
// reason and message; a repeat of the same reason and message within the series bumps `count`
// and lastTimestamp instead of creating another (the correlator's aggregation, simplified to
// exact repeats). Best effort: an event that cannot be written is dropped, never an error.

import { randomBytes } from "node:crypto";
import type { KubeRestClient } from "../../k8s/kube-rest-client.ts";

type Json = Record<string, unknown>;

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();
  private readonly client: () => KubeRestClient | undefined;
  private readonly source: { component: string; host?: string };

  constructor(client: () => KubeRestClient | undefined, source: { component: string; host?: string }) {
    this.client = client;
    this.source = source;
  }

  record(
    object: Json,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    void this.write(object, type, reason, message, fieldPath).catch(() => undefined);
  }

  private async write(
    object: Json,
    type: string,
    reason: string,
    message: string,
    fieldPath?: string,
  ): Promise<void> {
    const client = this.client();
    if (!client) return;
    const meta = (object.metadata ?? {}) as Json;
    const namespace = String(meta.namespace ?? "default");
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const key = `${String(meta.uid)}|${reason}|${message}`;
    const known = this.seen.get(key);
    if (known) {
      known.count += 1;
      await client.patch(
        `/api/v1/namespaces/${known.namespace}/events/${known.name}`,
        { count: known.count, lastTimestamp: now },
        "application/merge-patch+json",
      );
      return;
    }
    const name = `${String(meta.name)}.${randomBytes(8).toString("hex")}`;
    this.seen.set(key, { name, namespace, count: 1 });
    await client.create(`/api/v1/namespaces/${namespace}/events`, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: String(object.apiVersion ?? "v1"),
        kind: String(object.kind ?? "Pod"),
        namespace: meta.namespace,
        name: meta.name,
        uid: meta.uid,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      type,
      source: this.source,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? "",
    });
  }
}
