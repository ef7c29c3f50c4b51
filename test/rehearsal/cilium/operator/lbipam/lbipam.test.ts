import { describe, expect, it } from "vitest";
import {
  LbIpam,
  type LbIpamFaults,
  type LbIpamWrite,
} from "../../../../../rehearsal/cilium/operator/lbipam/lbipam.ts";
import { lbIpamBehaviourFor } from "../../../../../rehearsal/cilium/operator/lbipam/lbipam-behaviour.ts";
import { formatAddr } from "../../../../../rehearsal/go/netip.ts";
import type { Obj } from "../../../../../rehearsal/k8s/kube-objects.ts";
import { readSample } from "../../../support/samples.ts";

const NOW = new Date("2026-12-03T10:00:00.500Z");

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

function pool(name: string, spec: Record<string, unknown>, created = "2026-12-03T09:00:00Z"): Obj {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumLoadBalancerIPPool",
    metadata: { name, generation: 1, creationTimestamp: created, resourceVersion: "1" },
    spec,
  };
}

function service(
  name: string,
  options: {
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    ports?: { port: number; protocol?: string }[];
    namespace?: string;
    lbClass?: string;
    type?: string;
  } = {},
): Obj {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace: options.namespace ?? "demo",
      generation: 1,
      labels: options.labels ?? {},
      annotations: options.annotations ?? {},
    },
    spec: {
      type: options.type ?? "LoadBalancer",
      ports: options.ports ?? [{ port: 80, protocol: "TCP" }],
      selector: { app: name },
      externalTrafficPolicy: "Cluster",
      ...(options.lbClass ? { loadBalancerClass: options.lbClass } : {}),
    },
  };
}

/** An LB-IPAM whose writes land in an in-memory copy of the objects, as the API server would keep them. */
function harness(version = "1.18.11", config: Record<string, string> = {}, faults: LbIpamFaults = {}) {
  const ipam = new LbIpam(lbIpamBehaviourFor(version, config), { now: () => NOW, log: () => {}, faults });
  const services = new Map<string, Record<string, unknown>>();
  const pools = new Map<string, Record<string, unknown>>();
  const log: LbIpamWrite[] = [];
  const flush = () => {
    for (const write of ipam.takeWrites()) {
      log.push(write);
      if (write.kind === "service-status") services.set(`${write.namespace}/${write.name}`, write.status);
      else pools.set(write.name, write.status);
    }
  };
  const start = (...initial: Obj[]) => {
    for (const p of initial) ipam.poolUpsert(p);
    ipam.poolsSynced();
    ipam.servicesSynced();
    flush();
  };
  const add = (svc: Obj) => {
    ipam.serviceUpsert(svc);
    flush();
  };
  const status = (name: string) =>
    services.get(`demo/${name}`) as
      | { loadBalancer: { ingress?: { ip: string }[] }; conditions?: Condition[] }
      | undefined;
  const ips = (name: string) => (status(name)?.loadBalancer.ingress ?? []).map((ingress) => ingress.ip);
  const condition = (name: string) =>
    status(name)?.conditions?.find((c) => c.type === "cilium.io/IPAMRequestSatisfied");
  const counters = (name: string) => {
    const conditions = (pools.get(name) as { conditions: Condition[] } | undefined)?.conditions ?? [];
    const value = (type: string) => conditions.find((c) => c.type === type)?.message;
    return {
      total: value("cilium.io/IPsTotal"),
      available: value("cilium.io/IPsAvailable"),
      used: value("cilium.io/IPsUsed"),
      conflict: conditions.find((c) => c.type === "cilium.io/PoolConflict"),
    };
  };
  return { ipam, start, add, flush, ips, condition, counters, status, log, pools };
}

describe("LB-IPAM pool counters", () => {
  it("count the raw block size: reserved first/last addresses are used, never subtracted from IPsTotal", () => {
    const h = harness();
    h.start(
      pool("open", { blocks: [{ cidr: "10.0.10.0/24" }] }),
      pool("reserved", { blocks: [{ cidr: "10.0.20.0/24" }], allowFirstLastIPs: "No" }),
      pool("range", { blocks: [{ start: "192.168.5.30", stop: "192.168.5.255" }], allowFirstLastIPs: "No" }),
    );
    expect(h.counters("open")).toMatchObject({ total: "256", available: "256", used: "0" });
    expect(h.counters("reserved")).toMatchObject({ total: "256", available: "254", used: "2" });
    // allowFirstLastIPs applies to cidr blocks only.
    expect(h.counters("range")).toMatchObject({ total: "226", available: "226", used: "0" });
  });

  it("writes the conditions in the shape of Cilium's documentation sample", () => {
    const h = harness();
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    const sample = readSample("lbipam/docs-lb-ipam__pool-status-conditions.jsonl")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Condition);
    const written = (h.pools.get("p") as { conditions: Condition[] }).conditions.filter(
      (c) => c.type !== "cilium.io/PoolConflict",
    );
    expect(written.map((c) => Object.keys(c).sort())).toEqual(sample.map((c) => Object.keys(c).sort()));
    expect(written.map((c) => [c.type, c.status, c.reason])).toEqual(
      sample.map((c) => [c.type, c.status, c.reason]),
    );
    expect(written[0]?.lastTransitionTime).toBe("2026-12-03T10:00:00Z");
    // A new pool is unmarked at once so kubectl shows the conflict column filled.
    expect(h.counters("p").conflict).toMatchObject({ status: "False", reason: "resolved", message: "" });
  });
});

describe("LB-IPAM allocation", () => {
  it("gives a Service an IP and IPAMRequestSatisfied=True, and takes dynamic IPs from the smallest free block", () => {
    const h = harness();
    h.start(pool("p", { blocks: [{ start: "192.168.5.30", stop: "192.168.5.255" }] }));
    h.add(service("first"));
    expect(h.ips("first")).toEqual(["192.168.5.30"]);
    expect(h.condition("first")).toMatchObject({
      status: "True",
      reason: "satisfied",
      message: "",
      observedGeneration: 1,
    });
    h.add(service("pinned", { annotations: { "lbipam.cilium.io/ips": "192.168.5.250" } }));
    expect(h.ips("pinned")).toEqual(["192.168.5.250"]);
    // The free space is now [.31–.249] and [.251–.255]: the next dynamic IP comes from the small tail.
    h.add(service("next"));
    expect(h.ips("next")).toEqual(["192.168.5.251"]);
    expect(h.counters("p")).toMatchObject({ total: "226", available: "223", used: "3" });
  });

  it("honours the 1.15 annotation name and spec.loadBalancerIP too", () => {
    const h = harness("1.16.19");
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    h.add(service("old-name", { annotations: { "io.cilium/lb-ipam-ips": "10.0.10.7" } }));
    expect(h.ips("old-name")).toEqual(["10.0.10.7"]);
    const legacy = service("legacy");
    (legacy.spec as Record<string, unknown>).loadBalancerIP = "10.0.10.9";
    h.add(legacy);
    expect(h.ips("legacy")).toEqual(["10.0.10.9"]);
  });

  it("refuses an IP outside every pool (no_pool) and one whose pool does not select the Service", () => {
    const h = harness();
    h.start(
      pool("p", { blocks: [{ cidr: "10.0.10.0/24" }], serviceSelector: { matchLabels: { color: "blue" } } }),
    );
    h.add(
      service("outside", { labels: { color: "blue" }, annotations: { "lbipam.cilium.io/ips": "10.9.9.9" } }),
    );
    expect(h.ips("outside")).toEqual([]);
    expect(h.condition("outside")).toMatchObject({
      status: "False",
      reason: "no_pool",
      message: "No pool exists with a CIDR containing '10.9.9.9'",
    });
    h.add(service("red", { labels: { color: "red" }, annotations: { "lbipam.cilium.io/ips": "10.0.10.5" } }));
    expect(h.condition("red")).toMatchObject({
      reason: "pool_selector_mismatch",
      message: "The pool with the CIDR containing '10.0.10.5', doesn't select this service",
    });
    h.add(service("dynamic-red", { labels: { color: "red" } }));
    expect(h.condition("dynamic-red")).toMatchObject({
      reason: "no_pool",
      message: "There are no enabled CiliumLoadBalancerIPPools that match this service",
    });
  });

  it("selects through the internal service name/namespace labels", () => {
    const h = harness();
    h.start(
      pool("p", {
        blocks: [{ cidr: "10.0.10.0/30" }],
        serviceSelector: {
          matchExpressions: [{ key: "io.kubernetes.service.namespace", operator: "In", values: ["demo"] }],
        },
      }),
    );
    h.add(service("a"));
    expect(h.condition("a")).toMatchObject({ status: "True" });
  });

  it("reports out_of_ips once the pool is exhausted, and gives the IP back when the Service goes", () => {
    const h = harness();
    h.start(pool("tiny", { blocks: [{ cidr: "10.0.10.0/31" }] }));
    h.add(service("a"));
    h.add(service("b"));
    h.add(service("c"));
    expect([h.ips("a"), h.ips("b")]).toEqual([["10.0.10.0"], ["10.0.10.1"]]);
    expect(h.condition("c")).toMatchObject({ status: "False", reason: "out_of_ips" });
    h.ipam.serviceDelete(service("a"));
    h.flush();
    // The waiting Service takes the freed IP on the same reconcile.
    expect(h.ips("c")).toEqual(["10.0.10.0"]);
    expect(h.condition("c")).toMatchObject({ status: "True", reason: "satisfied" });
  });

  it("never allocates from a disabled pool", () => {
    const h = harness();
    h.start(pool("off", { blocks: [{ cidr: "10.0.10.0/24" }], disabled: true }));
    h.add(service("a"));
    expect(h.condition("a")).toMatchObject({ reason: "no_pool" });
  });

  it("stays dormant without pools: Services get no condition at all", () => {
    const h = harness();
    h.start();
    h.add(service("a"));
    expect(h.status("a")).toBeUndefined();
    expect(h.ipam.phase).toBe("waiting-for-pools");
  });
});

describe("LB-IPAM blocks that do not parse", () => {
  it("keeps the blocks before the bad one of a new pool, and leaves a modified pool's ranges as they were", () => {
    const lines: string[] = [];
    const ipam = new LbIpam(lbIpamBehaviourFor("1.18.11", {}), {
      now: () => NOW,
      log: (level, message) => lines.push(`${level}: ${message}`),
      faults: {},
    });
    const blocks = [{ start: "192.168.5.30", stop: "192.168.5.31" }, { cidr: "192.168.5.300/32" }];
    ipam.poolUpsert(pool("p", { blocks }));
    expect(lines).toEqual([
      expect.stringMatching(
        /^error: pool upsert failed: poolOnUpsert: handleNewPool: error parsing ip block: /,
      ),
    ]);
    const spans = () =>
      ipam.rangesStore.rangesOf("p").map((range) => {
        const { from, to } = range.alloc.range();
        return `${formatAddr(from)}-${formatAddr(to)}`;
      });
    expect(spans()).toEqual(["192.168.5.30-192.168.5.31"]);
    const modified = pool("p", {
      blocks: [{ start: "192.168.5.40", stop: "192.168.5.41" }, { cidr: "nope" }],
    });
    modified.metadata.resourceVersion = "2";
    ipam.poolUpsert(modified);
    expect(lines[1]).toMatch(
      /^error: pool upsert failed: poolOnUpsert: handlePoolModified: error parsing ip block: /,
    );
    expect(spans()).toEqual(["192.168.5.30-192.168.5.31"]);
  });
});

describe("LB-IPAM load balancer classes", () => {
  it("ignores foreign classes and handles l2-announcer only when L2 announcements are on", () => {
    const off = harness("1.18.11", { "enable-l2-announcements": "false" });
    off.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    off.add(service("metallb", { lbClass: "metallb.io/metallb" }));
    off.add(service("l2", { lbClass: "io.cilium/l2-announcer" }));
    expect(off.status("metallb")).toBeUndefined();
    expect(off.status("l2")).toBeUndefined();
    const on = harness("1.18.11", { "enable-l2-announcements": "true" });
    on.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    on.add(service("l2", { lbClass: "io.cilium/l2-announcer" }));
    expect(on.ips("l2")).toEqual(["10.0.10.0"]);
  });

  it("ignores class-less Services when default-lb-service-ipam is not lbipam (1.17+), not in 1.16", () => {
    const h = harness("1.17.17", { "default-lb-service-ipam": "nodeipam" });
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    h.add(service("a"));
    expect(h.status("a")).toBeUndefined();
    const old = harness("1.16.19", { "default-lb-service-ipam": "nodeipam" });
    old.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    old.add(service("a"));
    expect(old.ips("a")).toEqual(["10.0.10.0"]);
  });

  it("cleans a Service up when it stops being a LoadBalancer", () => {
    const h = harness();
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    const svc = service("a");
    h.add(svc);
    expect(h.ips("a")).toEqual(["10.0.10.0"]);
    const now = structuredClone(svc);
    (now.spec as Record<string, unknown>).type = "ClusterIP";
    now.status = h.status("a");
    h.add(now);
    expect(h.status("a")).toEqual({ loadBalancer: {} });
    expect(h.counters("p")).toMatchObject({ available: "256", used: "0" });
  });
});

describe("LB-IPAM sharing keys", () => {
  const shared = (name: string, port: number, protocol = "TCP", extra: Record<string, string> = {}) =>
    service(name, {
      annotations: { "lbipam.cilium.io/sharing-key": "dns", ...extra },
      ports: [{ port, protocol }],
    });

  it("lets Services with one key and different ports share one IP", () => {
    const h = harness();
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    h.add(shared("web", 80));
    h.add(shared("api", 8080));
    expect(h.ips("api")).toEqual(h.ips("web"));
    expect(h.counters("p")).toMatchObject({ used: "1" });
  });

  it("shares TCP 53 and UDP 53 on 1.17+ (protocol differentiation), not on 1.16", () => {
    for (const [version, sameIp] of [
      ["1.16.19", false],
      ["1.18.11", true],
      ["1.19.5", true],
    ] as const) {
      const h = harness(version);
      h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
      h.add(shared("dns-tcp", 53, "TCP", { "lbipam.cilium.io/ips": "10.0.10.53" }));
      h.add(shared("dns-udp", 53, "UDP", { "lbipam.cilium.io/ips": "10.0.10.53" }));
      expect(h.ips("dns-udp"), version).toEqual(sameIp ? ["10.0.10.53"] : []);
      if (!sameIp) {
        expect(h.condition("dns-udp")).toMatchObject({
          reason: "already_allocated_different_sharing_key",
          message: "The IP '10.0.10.53' is already allocated to another service with a different sharing key",
        });
      }
    }
    const noDiff = harness("1.18.11", { "bpf-lb-proto-diff": "false" });
    noDiff.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    noDiff.add(shared("dns-tcp", 53, "TCP", { "lbipam.cilium.io/ips": "10.0.10.53" }));
    noDiff.add(shared("dns-udp", 53, "UDP", { "lbipam.cilium.io/ips": "10.0.10.53" }));
    expect(noDiff.condition("dns-udp")).toMatchObject({
      reason: "already_allocated_incompatible_service",
      message: "The IP '10.0.10.53' is already allocated to an incompatible service. Reason: same port",
    });
  });

  it("refuses a requested IP held by a Service without a sharing key", () => {
    const h = harness();
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    h.add(service("a", { annotations: { "lbipam.cilium.io/ips": "10.0.10.9" } }));
    h.add(service("b", { annotations: { "lbipam.cilium.io/ips": "10.0.10.9" } }));
    expect(h.condition("b")).toMatchObject({
      reason: "already_allocated",
      message: "The IP '10.0.10.9' is already allocated to another service",
    });
  });

  it("shares across namespaces only when both sides allow it", () => {
    const h = harness();
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    const a = service("a", {
      annotations: { "lbipam.cilium.io/sharing-key": "k", "lbipam.cilium.io/sharing-cross-namespace": "*" },
    });
    const b = service("b", {
      namespace: "other",
      ports: [{ port: 81 }],
      annotations: { "lbipam.cilium.io/sharing-key": "k" },
    });
    h.add(a);
    h.add(b);
    const ipsIn = (namespace: string, name: string) =>
      (
        h.log
          .filter((w) => w.kind === "service-status" && w.namespace === namespace && w.name === name)
          .at(-1)?.status as { loadBalancer: { ingress?: { ip: string }[] } } | undefined
      )?.loadBalancer.ingress?.map((ingress) => ingress.ip);
    expect(ipsIn("other", "b")).toEqual(["10.0.10.1"]);
    const c = service("c", {
      namespace: "other",
      ports: [{ port: 82 }],
      annotations: {
        "lbipam.cilium.io/sharing-key": "k",
        "lbipam.cilium.io/sharing-cross-namespace": "demo",
      },
    });
    h.add(c);
    expect(ipsIn("other", "c")).toEqual(h.ips("a"));
  });

  it("keeps distinct IPs when the sharing-key fault is on", () => {
    const h = harness("1.18.11", {}, { ignoreSharingKeys: true });
    h.start(pool("p", { blocks: [{ cidr: "10.0.10.0/24" }] }));
    h.add(shared("web", 80));
    h.add(shared("api", 8080));
    expect(h.ips("api")).not.toEqual(h.ips("web"));
  });
});

describe("LB-IPAM pool conflicts", () => {
  it("marks the newer of two overlapping pools, allocates nothing from it, and resolves when the older goes", () => {
    const h = harness();
    const older = pool(
      "older",
      { blocks: [{ cidr: "10.0.10.0/24" }], serviceSelector: { matchLabels: { pick: "older" } } },
      "2026-12-03T09:00:00Z",
    );
    const newer = pool(
      "newer",
      {
        blocks: [{ cidr: "10.0.10.128/25" }, { cidr: "10.0.99.0/24" }],
        serviceSelector: { matchLabels: { pick: "newer" } },
      },
      "2026-12-03T09:05:00Z",
    );
    h.start(older, newer);
    expect(h.counters("newer").conflict).toMatchObject({
      status: "True",
      reason: "cidr_overlap",
      message:
        "Pool conflicts since range '10.0.10.128 - 10.0.10.255' overlaps range '10.0.10.0 - 10.0.10.255' from IP Pool 'older'",
    });
    expect(h.counters("older").conflict).toMatchObject({ status: "False", reason: "resolved" });
    // Even the non-overlapping block of the conflicting pool is unusable.
    h.add(service("wants-newer", { labels: { pick: "newer" } }));
    expect(h.condition("wants-newer")).toMatchObject({ reason: "no_pool" });
    h.ipam.poolDelete(older);
    h.flush();
    expect(h.counters("newer").conflict).toMatchObject({ status: "False", reason: "resolved", message: "" });
    expect(h.ips("wants-newer")).toEqual(["10.0.10.128"]);
  });

  it("can be told not to notice (fault)", () => {
    const h = harness("1.18.11", {}, { noPoolConflict: true });
    h.start(
      pool("a", { blocks: [{ cidr: "10.0.10.0/24" }] }),
      pool("b", { blocks: [{ cidr: "10.0.10.0/24" }] }, "2026-12-03T09:09:00Z"),
    );
    expect(h.counters("b").conflict).toMatchObject({ status: "False" });
  });
});

describe("LB-IPAM faults", () => {
  it("each changes only its own behaviour", () => {
    const start = (faults: LbIpamFaults) => {
      const h = harness("1.18.11", {}, faults);
      h.start(pool("p", { blocks: [{ start: "10.0.10.10", stop: "10.0.10.20" }] }));
      h.add(service("pinned", { annotations: { "lbipam.cilium.io/ips": "10.0.10.20" } }));
      h.add(service("auto"));
      return h;
    };
    expect(start({}).ips("pinned")).toEqual(["10.0.10.20"]);
    expect(start({ ignoreRequestedIps: true }).ips("pinned")).toEqual(["10.0.10.10"]);
    expect(start({ noSatisfiedCondition: true }).condition("auto")).toBeUndefined();
    expect(start({ ipsTotalSkew: 1n }).counters("p").total).toBe("12");
    expect(start({ allocateOutsidePool: true }).ips("auto")).toEqual(["10.0.10.21"]);
    const unpooled = (faults: LbIpamFaults) => {
      const h = start(faults);
      h.add(service("outside", { annotations: { "lbipam.cilium.io/ips": "10.0.99.1" } }));
      return h;
    };
    expect(unpooled({}).ips("outside")).toEqual([]);
    expect(unpooled({}).condition("outside")).toMatchObject({ status: "False", reason: "no_pool" });
    const assigned = unpooled({ assignUnpooledRequests: true });
    expect(assigned.ips("outside")).toEqual(["10.0.99.1"]);
    expect(assigned.condition("outside")).toMatchObject({ status: "True", reason: "satisfied" });
    expect(assigned.ips("pinned")).toEqual(["10.0.10.20"]);
    expect(assigned.counters("p").available).toBe(start({}).counters("p").available);
    // 11 addresses, 2 held (pinned, auto): 9 available; frozen, the counters stay as first written.
    expect(start({}).counters("p")).toMatchObject({ total: "11", available: "9", used: "2" });
    expect(start({ frozenCounters: true }).counters("p")).toMatchObject({
      total: "11",
      available: "11",
      used: "0",
    });
    const leak = start({ neverRelease: true });
    leak.ipam.serviceDelete(service("auto"));
    leak.flush();
    expect(leak.counters("p").available).toBe("9");
    const conflicted = start({ spuriousPoolConflict: true });
    expect(conflicted.counters("p").conflict).toMatchObject({ status: "True", reason: "cidr_overlap" });
    expect(conflicted.ips("auto")).toEqual([]);
  });
});
