// The agent's endpoints (pods it plumbed), kept on the node under /var/run/cilium/state as the
// real agent keeps its endpoint state there, so a restarted agent restores IP allocations and
// endpoint IDs instead of handing a running pod's address to another.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface EndpointRecord {
  containerId: string;
  podUid: string;
  namespace: string;
  name: string;
  netns: string;
  ip: string;
  hostIfName: string;
  endpointId: number;
}

export class EndpointStore {
  private readonly path: string;
  private readonly records = new Map<string, EndpointRecord>();

  constructor(path: string) {
    this.path = path;
    try {
      const saved = JSON.parse(readFileSync(path, "utf8")) as EndpointRecord[];
      for (const record of saved) this.records.set(record.containerId, record);
    } catch {
      // Nothing saved yet.
    }
  }

  all(): EndpointRecord[] {
    return [...this.records.values()];
  }

  byContainer(containerId: string): EndpointRecord | undefined {
    return this.records.get(containerId);
  }

  byPod(namespace: string, name: string): EndpointRecord | undefined {
    return this.all().find((r) => r.namespace === namespace && r.name === name);
  }

  nextEndpointId(): number {
    const used = new Set(this.all().map((r) => r.endpointId));
    let id = 1 + Math.floor(Math.random() * 4000);
    while (used.has(id)) id = (id % 4095) + 1;
    return id;
  }

  put(record: EndpointRecord): void {
    this.records.set(record.containerId, record);
    this.save();
  }

  remove(containerId: string): EndpointRecord | undefined {
    const record = this.records.get(containerId);
    this.records.delete(containerId);
    this.save();
    return record;
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, JSON.stringify(this.all(), null, 2));
    renameSync(`${this.path}.tmp`, this.path);
  }
}
