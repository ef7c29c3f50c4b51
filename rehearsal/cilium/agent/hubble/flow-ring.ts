// Hubble's flow buffer (pkg/hubble/container/ring.go): a fixed capacity (hubble-event-buffer-capacity,
// 4095 by default), the oldest flow overwritten when full, a count of every flow ever written
// (ServerStatus seen_flows), and followers that receive each new flow as it is written.

import type { Flow } from "./flow-types.ts";

export class FlowRing {
  readonly capacity: number;
  private readonly flows: Flow[] = [];
  private start = 0;
  private seen = 0;
  private readonly followers = new Set<(flow: Flow) => void>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`invalid flow buffer capacity ${capacity}`);
    this.capacity = capacity;
  }

  write(flow: Flow): void {
    if (this.flows.length < this.capacity) this.flows.push(flow);
    else {
      this.flows[this.start] = flow;
      this.start = (this.start + 1) % this.capacity;
    }
    this.seen += 1;
    for (const follower of this.followers) follower(flow);
  }

  /** Oldest first. */
  snapshot(): Flow[] {
    return [...this.flows.slice(this.start), ...this.flows.slice(0, this.start)];
  }

  get length(): number {
    return this.flows.length;
  }

  get seenFlows(): number {
    return this.seen;
  }

  follow(listener: (flow: Flow) => void): () => void {
    this.followers.add(listener);
    return () => this.followers.delete(listener);
  }
}
