import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leaseHolder } from "../../src/decisions/l2-lease-holder.ts";
import { getLease, l2LeaseRef, readLeaseHolder } from "../../src/k8s/leases.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

describe("Leases", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["cilium"] });
  });
  afterEach(() => cluster.close());

  it("reads the L2 announcement Lease of a Service in Cilium's namespace, renewTime as the server wrote it", async () => {
    cluster.api.put({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "cilium-l2announce-cc-l2-echo", namespace: "cilium" },
      spec: {
        holderIdentity: "cc-r1-worker2",
        leaseDurationSeconds: 15,
        acquireTime: "2026-03-02T10:00:00.000000Z",
        renewTime: "2026-03-02T10:00:12.345678Z",
        leaseTransitions: 1,
      },
    });
    const ref = l2LeaseRef("cilium", "cc-l2", "echo");
    expect(ref).toEqual({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: "cilium",
      name: "cilium-l2announce-cc-l2-echo",
    });
    expect(await readLeaseHolder(cluster.client, ref)).toEqual({
      holderIdentity: "cc-r1-worker2",
      renewTime: "2026-03-02T10:00:12.345678Z",
      leaseDurationSeconds: 15,
    });
    const lease = await getLease(cluster.client, ref);
    const verdict = leaseHolder(lease, Date.parse("2026-03-02T10:00:20Z"));
    expect(verdict).toMatchObject({
      ok: true,
      value: { holder: "cc-r1-worker2", expired: false, transitions: 1 },
    });
  });

  it("returns undefined when the Service has no Lease (not announced)", async () => {
    expect(
      await readLeaseHolder(cluster.client, l2LeaseRef("kube-system", "cc-l2", "unselected")),
    ).toBeUndefined();
  });
});
