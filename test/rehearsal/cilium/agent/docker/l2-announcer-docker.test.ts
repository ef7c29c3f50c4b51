// The L2 announcer on real packets: two node containers running the agent double against the
// rehearsal's API server, a LAN client asking ARP. Proves what only packets can: exactly the
// Lease holder's kernel answers, a paused holder's kernel goes quiet once its liveness expires
// while the other node takes the Lease, and the new holder announces itself with a gratuitous ARP.

import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerBin } from "../../../../support/docker.ts";
import { AgentScene, printAgentLogsOnFailure, until } from "./agent-scene.ts";

// Short timings (a homelab's "short lease timings"): failover within seconds, yet renewals that a
// loaded 2-core runner still makes in time.
const LEASE = { duration: 6, renew: 4, retry: 1 };

const scene = new AgentScene();
let vip = "";
let unannounced = "";

interface Lease {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

const leaseRef = (name: string) => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  namespace: "kube-system",
  name: `cilium-l2announce-demo-${name}`,
});

function lease(name: string): Lease | undefined {
  return scene.api.get(leaseRef(name)) as Lease | undefined;
}

/** docker pause; the cgroup v1 freezer sometimes fails under load ("unable to freeze"): try again. */
async function pauseContainer(container: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      execFileSync(dockerBin, ["pause", container], { stdio: "pipe" });
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function macOf(node: string): string {
  return scene.nodes.find((n) => n.name === node)!.mac;
}

beforeAll(async () => {
  await scene.start({
    "kube-proxy-replacement": "true",
    "enable-l2-announcements": "true",
    "l2-announcements-lease-duration": `${LEASE.duration}s`,
    "l2-announcements-renew-deadline": `${LEASE.renew}s`,
    "l2-announcements-retry-period": `${LEASE.retry * 1000}ms`,
    devices: "eth0",
    ipam: "kubernetes",
    "routing-mode": "native",
    "ipv4-native-routing-cidr": "10.244.0.0/16",
    "cluster-name": "kind-scene",
  });
  vip = scene.ip(100);
  unannounced = scene.ip(101);
  scene.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } });
  scene.api.put({
    apiVersion: "cilium.io/v2alpha1",
    kind: "CiliumL2AnnouncementPolicy",
    metadata: { name: "lan" },
    spec: {
      serviceSelector: { matchLabels: { announce: "yes" } },
      interfaces: ["^eth[0-9]+"],
      loadBalancerIPs: true,
    },
  });
  for (const [name, ip, labels] of [
    ["web", vip, { announce: "yes" }],
    ["other", unannounced, {}],
  ] as const) {
    scene.api.put({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "demo", labels },
      spec: {
        type: "LoadBalancer",
        clusterIP: name === "web" ? "10.96.50.1" : "10.96.50.2",
        ports: [{ name: "http", port: 80, protocol: "TCP" }],
      },
      status: { loadBalancer: { ingress: [{ ip }] } },
    });
  }
}, 240_000);

printAgentLogsOnFailure(scene);

afterAll(async () => {
  await scene.close();
});

describe("L2 announcer on real ARP (docker)", () => {
  let holder = "";

  it("one node takes the Lease, written as client-go writes it", async () => {
    holder = await until(
      "a Lease holder",
      60_000,
      async () => lease("web")?.spec?.holderIdentity || undefined,
    );
    const spec = lease("web")!.spec!;
    expect(["node-a", "node-b"]).toContain(holder);
    expect(spec.leaseDurationSeconds).toBe(LEASE.duration);
    expect(spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(spec.renewTime).toMatch(/\.\d{6}Z$/);
    expect(spec.leaseTransitions).toBe(0);
  }, 90_000);

  it("only the holder's kernel answers ARP for the VIP, repeatedly", async () => {
    const answers = await until("exactly the holder answering", 20_000, async () => {
      const macs = await scene.arpAnswers(vip);
      return macs.length === 1 ? macs : undefined;
    });
    expect(answers).toEqual([macOf(holder)]);
    expect(await scene.arpAnswers(vip, 3)).toEqual([macOf(holder)]);
  }, 60_000);

  it("nobody answers for the Service the policy does not select, and it gets no Lease", async () => {
    expect(await scene.arpAnswers(unannounced, 2)).toEqual([]);
    expect(lease("other")).toBeUndefined();
  }, 30_000);

  it("pausing the holder: its kernel goes quiet, the other node takes the Lease and announces itself", async () => {
    const other = holder === "node-a" ? "node-b" : "node-a";
    // The LAN client learns the VIP's MAC the ordinary way, so a gratuitous ARP has an entry to update.
    await scene.exec(scene.lanClient, ["ping", "-c", "1", "-W", "2", vip]);
    const before = (await scene.exec(scene.lanClient, ["ip", "neigh", "show", vip])).out;
    expect(before.toLowerCase()).toContain(macOf(holder));
    const pausedAt = Date.now();
    await pauseContainer(scene.nodes.find((n) => n.name === holder)!.container);
    const tookOver = await until("the other node holding the Lease", 30_000, async () =>
      lease("web")?.spec?.holderIdentity === other ? Date.now() - pausedAt : undefined,
    );
    // client-go: after leaseDuration from the candidate's last observed change, at its next retry.
    expect(tookOver).toBeLessThan((LEASE.duration + 2 * 2.2 * LEASE.retry + 2) * 1000);
    expect(lease("web")!.spec!.leaseTransitions).toBe(1);
    // Before anything asks: the new holder's gratuitous ARP (an ARP reply to broadcast) has updated
    // the LAN client's existing entry (an arping now would update it by itself).
    const updated = await until("the LAN client's entry pointing at the new holder", 5_000, async () => {
      const entry = (await scene.exec(scene.lanClient, ["ip", "neigh", "show", vip])).out.toLowerCase();
      return entry.includes(macOf(other)) ? entry : undefined;
    });
    expect(updated).toContain(macOf(other));
    // The paused node's kernel is not frozen: only its expired responder entries keep it quiet.
    const answers = await until("only the new holder answering", 15_000, async () => {
      const macs = await scene.arpAnswers(vip);
      return macs.length === 1 && macs[0] === macOf(other) ? macs : undefined;
    });
    expect(answers).toEqual([macOf(other)]);
  }, 90_000);
});
