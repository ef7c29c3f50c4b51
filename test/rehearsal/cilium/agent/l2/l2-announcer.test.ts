// The announcer loop of two nodes against the rehearsal's API server in real time, with the
// datapath replaced by a recorder: one node leads and announces, a deleted Service's Lease is
// released, a policy with a bad interface regex gets Cilium's condition.

import { afterEach, describe, expect, it } from "vitest";
import type { ArpResponder } from "../../../../../rehearsal/cilium/agent/l2/arp-responder.ts";
import type { ResponderEntry } from "../../../../../rehearsal/cilium/agent/l2/arp-responder-rules.ts";
import { L2Announcer } from "../../../../../rehearsal/cilium/agent/l2/l2-announcer.ts";
import type { L2Policy, L2Service } from "../../../../../rehearsal/cilium/agent/l2/l2-selection.ts";
import { createLogger } from "../../../../../rehearsal/cilium/log-line.ts";
import type { KubeObject, KubeRestClient } from "../../../../../rehearsal/k8s/kube-rest-client.ts";
import { DEFAULT_RESOURCES, type FakeKubeApi } from "../../../../support/fake-kube-api.ts";
import { startServiceAccountApi } from "../../../support/service-account-api.ts";

let api: FakeKubeApi;
let client: KubeRestClient;
const announcers: L2Announcer[] = [];

afterEach(async () => {
  for (const a of announcers.splice(0)) await a.stop();
  await client?.close();
  await api?.close();
});

class RecordingResponder {
  entries: ResponderEntry[] = [];
  async setEntries(entries: readonly ResponderEntry[]) {
    this.entries = [...entries];
  }
}

const POLICY: L2Policy = {
  metadata: { name: "lan", generation: 1 },
  spec: { interfaces: ["^eth"], loadBalancerIPs: true },
};
const SERVICE: L2Service = {
  metadata: { name: "web", namespace: "demo" },
  spec: {},
  status: { loadBalancer: { ingress: [{ ip: "192.168.5.30" }] } },
};

function announcer(node: string, policies: () => L2Policy[], services: () => L2Service[]) {
  const responder = new RecordingResponder();
  const a = new L2Announcer({
    client,
    namespace: "kube-system",
    nodeName: node,
    timings: { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 300 },
    responder: responder as unknown as ArpResponder,
    log: createLogger(() => {}),
    inputs: { policies, services, nodeLabels: () => ({}), devices: () => ["eth0"] },
  });
  announcers.push(a);
  a.start();
  return { a, responder };
}

async function until<T>(what: string, check: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const leaseRef = {
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  namespace: "kube-system",
  name: "cilium-l2announce-demo-web",
};

describe("L2Announcer (two nodes, real leases)", () => {
  it("one node leads and announces on the policy's devices; the other only competes; a gone Service is released", async () => {
    ({ api, client } = await startServiceAccountApi());
    let services = [SERVICE];
    const a = announcer(
      "node-a",
      () => [POLICY],
      () => services,
    );
    const b = announcer(
      "node-b",
      () => [POLICY],
      () => services,
    );
    const holder = await until(
      "a holder",
      () => (api.get(leaseRef) as { spec?: { holderIdentity?: string } })?.spec?.holderIdentity || undefined,
    );
    const [leader, other] = holder === "node-a" ? [a, b] : [b, a];
    await until("the leader announcing", () => (leader.responder.entries.length > 0 ? true : undefined));
    expect(leader.responder.entries).toEqual([{ ip: "192.168.5.30", device: "eth0" }]);
    expect(other.responder.entries).toEqual([]);
    expect(leader.a.leading().map((s) => s.key)).toEqual(["demo/web"]);

    services = [];
    leader.a.changed();
    other.a.changed();
    await until("the lease released", () =>
      (api.get(leaseRef) as { spec?: { holderIdentity?: string } })?.spec?.holderIdentity === ""
        ? true
        : undefined,
    );
    expect(
      (api.get(leaseRef) as { spec?: { leaseDurationSeconds?: number } }).spec?.leaseDurationSeconds,
    ).toBe(1);
    await until("announcements withdrawn", () => (leader.responder.entries.length === 0 ? true : undefined));
  }, 30_000);

  it("writes io.cilium/bad-interface-regex on a policy whose regex does not compile", async () => {
    // The CRD serves /status, as Cilium's CiliumL2AnnouncementPolicy CRD does.
    const resources = DEFAULT_RESOURCES.map((r) =>
      r.kind === "CiliumL2AnnouncementPolicy" ? { ...r, statusSubresource: true } : r,
    );
    ({ api, client } = await startServiceAccountApi({ resources }));
    const bad = {
      apiVersion: "cilium.io/v2alpha1",
      kind: "CiliumL2AnnouncementPolicy",
      metadata: { name: "bad" },
      spec: { interfaces: ["(eth"], loadBalancerIPs: true },
    };
    api.put(bad);
    const read = () =>
      api.get({
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumL2AnnouncementPolicy",
        name: "bad",
      }) as KubeObject & L2Policy;
    announcer(
      "node-a",
      () => [read()],
      () => [SERVICE],
    );
    const condition = await until("the condition", () =>
      read().status?.conditions?.find((c) => c.type === "io.cilium/bad-interface-regex"),
    );
    expect(condition).toMatchObject({
      status: "True",
      reason: "error",
      message: "error parsing regexp: missing closing ): `(eth`",
    });
  }, 30_000);
});
