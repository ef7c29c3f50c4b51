// The operator double's loops over a store: LB-IPAM's start order and restart replay, the Gateway
// controller's writes (class status, Service/Endpoints/CEC, statuses, secret copies), the
// cluster-pool allocator, CRD registration per version and the leader lease.

import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../../rehearsal/cilium/log-line.ts";
import { crdObjects } from "../../../../rehearsal/cilium/operator/crds/register-crds.ts";
import {
  GatewayController,
  missingGatewayCrds,
} from "../../../../rehearsal/cilium/operator/gateway-api/gateway-controller.ts";
import { CidrSet, ClusterPoolAllocator } from "../../../../rehearsal/cilium/operator/ipam/cluster-pool.ts";
import { lbIpamBehaviourFor } from "../../../../rehearsal/cilium/operator/lbipam/lbipam-behaviour.ts";
import { LbIpamController } from "../../../../rehearsal/cilium/operator/lbipam/lbipam-controller.ts";
import { LeaderLease } from "../../../../rehearsal/cilium/operator/leader-lease.ts";
import { versionOfImage } from "../../../../rehearsal/cilium/operator/operator-config.ts";
import type { Obj } from "../../../../rehearsal/k8s/kube-objects.ts";
import { eventually, MemoryObjects } from "../../support/memory-objects.ts";

const lines: string[] = [];
const log = createLogger((line) => lines.push(line));
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const pool = (name: string, cidr: string): Obj => ({
  apiVersion: "cilium.io/v2",
  kind: "CiliumLoadBalancerIPPool",
  metadata: { name },
  spec: { blocks: [{ cidr }] },
});
const lbService = (name: string): Obj => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "demo" },
  spec: { type: "LoadBalancer", ports: [{ port: 80, protocol: "TCP" }], ipFamilies: ["IPv4"] },
});

function ingressOf(store: MemoryObjects, name: string): string | undefined {
  const service = store.objects.get(`Service/demo/${name}`) as
    | { status?: { loadBalancer?: { ingress?: { ip: string }[] } } }
    | undefined;
  return service?.status?.loadBalancer?.ingress?.[0]?.ip;
}

describe("LbIpamController", () => {
  async function started(store: MemoryObjects, version = "1.18.11") {
    const controller = new LbIpamController({
      objects: store,
      behaviour: lbIpamBehaviourFor(version, {}),
      poolApiVersion: "cilium.io/v2",
      log,
      sleep: async () => {},
    });
    stops.push(() => controller.stop());
    await controller.start();
    await controller.idle();
    return controller;
  }

  it("allocates for Services that existed before it started, then follows new ones", async () => {
    const store = new MemoryObjects();
    store.seed(pool("p", "10.9.0.0/30"), lbService("a"));
    const controller = await started(store);
    await eventually(() => ingressOf(store, "a") !== undefined, "a's address");
    expect(ingressOf(store, "a")).toBe("10.9.0.0");
    await store.create(lbService("b"));
    await eventually(() => ingressOf(store, "b") !== undefined, "b's address");
    expect(ingressOf(store, "b")).toBe("10.9.0.1");
    await controller.idle();
    const poolStatus = store.objects.get("CiliumLoadBalancerIPPool//p") as {
      status?: { conditions?: { type: string; message: string }[] };
    };
    expect(poolStatus.status?.conditions?.find((c) => c.type === "cilium.io/IPsUsed")?.message).toBe("2");
    expect(store.writes.filter((w) => w.verb === "patchStatus").length).toBeGreaterThan(0);
  });

  it("waits without pools, and serves the Services once the first pool arrives", async () => {
    const store = new MemoryObjects();
    store.seed(lbService("a"));
    await started(store);
    expect(ingressOf(store, "a")).toBeUndefined();
    await store.create(pool("p", "10.9.1.0/30"));
    await eventually(() => ingressOf(store, "a") === "10.9.1.0", "a's address from the new pool");
  });

  it("restarts when the last pool goes and starts over with the next one", async () => {
    const store = new MemoryObjects();
    store.seed(pool("p", "10.9.2.0/30"), lbService("a"));
    await started(store);
    await eventually(() => ingressOf(store, "a") === "10.9.2.0", "first address");
    await store.delete({ apiVersion: "cilium.io/v2", kind: "CiliumLoadBalancerIPPool", name: "p" });
    await store.create(pool("q", "10.9.3.0/30"));
    await eventually(() => ingressOf(store, "a") === "10.9.3.0", "address from the second pool");
    expect(lines.some((line) => line.includes("Restarting LB IPAM"))).toBe(true);
  });
});

describe("GatewayController", () => {
  const NS = "gw";
  const crd = (plural: string, versions: string[]): Obj => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.gateway.networking.k8s.io` },
    spec: { versions: versions.map((name) => ({ name })) },
  });
  const standard = [
    crd("gatewayclasses", ["v1"]),
    crd("gateways", ["v1"]),
    crd("httproutes", ["v1"]),
    crd("grpcroutes", ["v1"]),
    crd("referencegrants", ["v1beta1"]),
  ];

  it("finds the CRDs Cilium requires, with TLSRoute v1alpha2 only for 1.16", async () => {
    const store = new MemoryObjects();
    store.seed(...standard);
    expect(await missingGatewayCrds(store, 18)).toEqual([]);
    expect(await missingGatewayCrds(store, 16)).toEqual([
      'customresourcedefinitions.apiextensions.k8s.io "tlsroutes.gateway.networking.k8s.io" not found',
    ]);
  });

  function seedGateway(store: MemoryObjects) {
    store.seed(
      {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: NS, labels: { "kubernetes.io/metadata.name": NS } },
      },
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: "cilium" },
        spec: { controllerName: "io.cilium/gateway-controller" },
      },
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "web", namespace: NS },
        spec: {
          gatewayClassName: "cilium",
          infrastructure: { labels: { "lan.example/pool": "blue" } },
          listeners: [
            { name: "http", port: 80, protocol: "HTTP" },
            {
              name: "https",
              port: 443,
              protocol: "HTTPS",
              hostname: "secure.example",
              tls: { certificateRefs: [{ name: "cert" }] },
            },
          ],
        },
      },
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "r", namespace: NS },
        spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "echo", port: 8080 }] }] },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "echo", namespace: NS },
        spec: { ports: [{ port: 8080 }] },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "cert", namespace: NS },
        type: "kubernetes.io/tls",
        data: {
          "tls.crt": Buffer.from("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n").toString(
            "base64",
          ),
          "tls.key": Buffer.from("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n").toString(
            "base64",
          ),
        },
      },
    );
  }

  it("accepts the class, writes the Gateway's Service, Endpoints, CEC and secret copy, and programs it once the Service has an address", async () => {
    const store = new MemoryObjects();
    seedGateway(store);
    const controller = new GatewayController({
      objects: store,
      minor: 18,
      config: {
        secretsNamespace: "cilium-secrets",
        externalTrafficPolicy: "Cluster",
        ipv4: true,
        ipv6: false,
      },
      secretsSync: true,
      log,
    });
    stops.push(() => controller.stop());
    await controller.start();
    await eventually(() => store.objects.has(`Service/${NS}/cilium-gateway-web`), "the Gateway's Service");
    const service = store.objects.get(`Service/${NS}/cilium-gateway-web`) as Obj & {
      spec: { ports: unknown[]; type: string };
    };
    expect(service.metadata.labels).toEqual({
      "io.cilium.gateway/owning-gateway": "web",
      "gateway.networking.k8s.io/gateway-name": "web",
      "lan.example/pool": "blue",
    });
    expect(service.spec.type).toBe("LoadBalancer");
    expect(service.spec.ports).toEqual([
      { name: "port-80", port: 80, protocol: "TCP" },
      { name: "port-443", port: 443, protocol: "TCP" },
    ]);
    await eventually(
      () =>
        store.objects.has(`Endpoints/${NS}/cilium-gateway-web`) &&
        store.objects.has(`CiliumEnvoyConfig/${NS}/cilium-gateway-web`),
      "Endpoints and CEC",
    );
    await eventually(() => store.objects.has("Secret/cilium-secrets/gw-cert"), "the synced secret");
    const gatewayClass = store.objects.get("GatewayClass//cilium") as {
      status?: { conditions?: { message: string }[] };
    };
    expect(gatewayClass.status?.conditions?.[0]?.message).toBe("Valid GatewayClass");
    const programmed = () =>
      (
        store.objects.get(`Gateway/${NS}/web`) as {
          status?: { conditions?: { type: string; status: string }[] };
        }
      ).status?.conditions?.find((c) => c.type === "Programmed");
    await eventually(() => programmed()?.status === "False", "waiting for an address");
    // LB-IPAM (another controller) gives the Service its address.
    const current = store.objects.get(`Service/${NS}/cilium-gateway-web`) as Obj;
    await store.patchStatus(
      { apiVersion: "v1", kind: "Service", namespace: NS, name: "cilium-gateway-web" },
      [{ op: "replace", path: "/status", value: { loadBalancer: { ingress: [{ ip: "10.9.9.9" }] } } }],
    );
    expect(current).toBeDefined();
    await eventually(() => programmed()?.status === "True", "Programmed");
    const gateway = store.objects.get(`Gateway/${NS}/web`) as {
      status?: { addresses?: unknown[]; listeners?: { attachedRoutes: number }[] };
    };
    expect(gateway.status?.addresses).toEqual([{ type: "IPAddress", value: "10.9.9.9" }]);
    expect(gateway.status?.listeners?.map((listener) => listener.attachedRoutes)).toEqual([1, 1]);
    await controller.settled();
    // Steady state: another pass writes nothing.
    const writes = store.writes.length;
    await store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "unrelated", namespace: NS },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await controller.settled();
    expect(store.writes.length).toBe(writes + 1);
  });

  it("never accepts the class under the class fault", async () => {
    const store = new MemoryObjects();
    seedGateway(store);
    const controller = new GatewayController({
      objects: store,
      minor: 18,
      config: {
        secretsNamespace: "cilium-secrets",
        externalTrafficPolicy: "Cluster",
        ipv4: true,
        ipv6: false,
      },
      secretsSync: false,
      log,
      faults: { classNotAccepted: true },
    });
    stops.push(() => controller.stop());
    await controller.start();
    await eventually(() => store.objects.has(`Service/${NS}/cilium-gateway-web`), "the Gateway's Service");
    expect((store.objects.get("GatewayClass//cilium") as { status?: unknown }).status).toBeUndefined();
  });
});

describe("cluster-pool IPAM", () => {
  it("hands out /24s in order, skipping those nodes already hold", () => {
    const set = new CidrSet("10.0.0.0/8", 24);
    expect(set.occupy("10.0.1.0/24")).toBe(true);
    expect([set.allocateNext(), set.allocateNext(), set.allocateNext()]).toEqual([
      "10.0.0.0/24",
      "10.0.2.0/24",
      "10.0.3.0/24",
    ]);
  });

  it("fills a new CiliumNode's spec.ipam.podCIDRs", async () => {
    const store = new MemoryObjects();
    store.seed({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNode",
      metadata: { name: "n1" },
      spec: { ipam: { podCIDRs: ["10.0.0.0/24"] } },
    });
    const allocator = new ClusterPoolAllocator(store, ["10.0.0.0/8"], 24, log);
    stops.push(() => allocator.stop());
    await allocator.start();
    await store.create({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNode",
      metadata: { name: "n2" },
      spec: { ipam: {} },
    });
    await eventually(
      () =>
        ((store.objects.get("CiliumNode//n2") as { spec?: { ipam?: { podCIDRs?: string[] } } }).spec?.ipam
          ?.podCIDRs?.length ?? 0) > 0,
      "n2's CIDR",
    );
    expect(
      (store.objects.get("CiliumNode//n2") as unknown as { spec: { ipam: { podCIDRs: string[] } } }).spec.ipam
        .podCIDRs,
    ).toEqual(["10.0.1.0/24"]);
  });
});

describe("CRDs and version", () => {
  it("serves pools as v2alpha1 before 1.18, v2 (storage) and v2alpha1 from 1.18, v2alpha1 deprecated in 1.19", () => {
    const pools = (minor: number) => {
      const crd = crdObjects(minor).find(
        (candidate) => candidate.metadata.name === "ciliumloadbalancerippools.cilium.io",
      );
      const versions =
        (crd?.spec as { versions: { name: string; storage: boolean; deprecated?: boolean }[] } | undefined)
          ?.versions ?? [];
      return versions.map((v) => `${v.name}${v.storage ? "*" : ""}${v.deprecated ? "~" : ""}`);
    };
    expect(pools(16)).toEqual(["v2alpha1*"]);
    expect(pools(17)).toEqual(["v2alpha1*"]);
    expect(pools(18)).toEqual(["v2*", "v2alpha1"]);
    expect(pools(19)).toEqual(["v2*", "v2alpha1~"]);
    expect(
      crdObjects(18).find((crd) => crd.metadata.name === "ciliuml2announcementpolicies.cilium.io")?.metadata
        .labels,
    ).toEqual({ "io.cilium.k8s.crd.schema.version": "1.31.11" });
  });

  it("reads the version from the operator image tag", () => {
    expect(versionOfImage("quay.io/cilium/operator-generic:v1.18.11@sha256:abc")).toBe("1.18.11");
    expect(versionOfImage("localhost:5000/operator-generic:v1.19.0-pre.1")).toBe("1.19.0-pre.1");
    expect(versionOfImage("quay.io/cilium/operator-generic@sha256:abc")).toBeUndefined();
  });
});

describe("LeaderLease", () => {
  it("lets one candidate lead, and the other take over after a release", async () => {
    const store = new MemoryObjects();
    const a = new LeaderLease({ objects: store, namespace: "kube-system", identity: "a", retryPeriodMs: 10 });
    const b = new LeaderLease({ objects: store, namespace: "kube-system", identity: "b", retryPeriodMs: 10 });
    await a.acquire();
    let bLeads = false;
    const waiting = b.acquire().then(() => {
      bLeads = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(bLeads).toBe(false);
    await a.release();
    await waiting;
    const lease = store.objects.get("Lease/kube-system/cilium-operator-resource-lock") as unknown as {
      spec: { holderIdentity: string; leaseTransitions: number };
    };
    expect(lease.spec.holderIdentity).toBe("b");
    expect(lease.spec.leaseTransitions).toBe(1);
  });
});
