// The agent's lease GC fails as Cilium's does: a Lease another agent deleted first fails the
// minute's timer job, logged at level=error "Timer job failed" (what cilium-cli's log check reads);
// a Forbidden list is the feature never having been on, and is not logged.

import { describe, expect, it } from "vitest";
import type { ArpResponder } from "../../../../../rehearsal/cilium/agent/l2/arp-responder.ts";
import { L2Announcer } from "../../../../../rehearsal/cilium/agent/l2/l2-announcer.ts";
import { createLogger } from "../../../../../rehearsal/cilium/log-line.ts";
import { KubeApiError, type KubeRestClient } from "../../../../../rehearsal/k8s/kube-rest-client.ts";

const released = { metadata: { name: "cilium-l2announce-demo-web" }, spec: { holderIdentity: "" } };
const held = { metadata: { name: "cilium-l2announce-demo-db" }, spec: { holderIdentity: "node-a" } };

function gcWith(client: Partial<KubeRestClient>) {
  const lines: string[] = [];
  const announcer = new L2Announcer({
    client: client as KubeRestClient,
    namespace: "kube-system",
    nodeName: "node-b",
    timings: { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 300 },
    responder: {} as ArpResponder,
    log: createLogger((line) => lines.push(line)),
    inputs: { policies: () => [], services: () => [], nodeLabels: () => ({}), devices: () => [] },
  });
  return { announcer, lines };
}

describe("the agent's L2 lease GC", () => {
  it("deletes only released announcement Leases", async () => {
    const deleted: string[] = [];
    const { announcer, lines } = gcWith({
      list: (async () => ({ items: [released, held] })) as never,
      delete: (async (path: string) => {
        deleted.push(path);
      }) as never,
    });
    await announcer.leaseGc();
    expect(deleted).toEqual([
      "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/cilium-l2announce-demo-web",
    ]);
    expect(lines).toEqual([]);
  });

  it("a Lease another agent deleted first fails the timer job at level=error, naming the Lease", async () => {
    const { announcer, lines } = gcWith({
      list: (async () => ({ items: [released] })) as never,
      delete: (async () => {
        throw new KubeApiError(
          404,
          "NotFound",
          'leases.coordination.k8s.io "cilium-l2announce-demo-web" not found',
        );
      }) as never,
    });
    await announcer.leaseGc();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/level=error msg="Timer job failed" name=l2-announcer-lease-gc/);
    expect(lines[0]).toContain("leaseClient.Delete(cilium-l2announce-demo-web)");
  });

  it("a Forbidden list (the feature never on) is not an error", async () => {
    const { announcer, lines } = gcWith({
      list: (async () => {
        throw new KubeApiError(403, "Forbidden", "leases is forbidden");
      }) as never,
    });
    await announcer.leaseGc();
    expect(lines).toEqual([]);
  });
});
