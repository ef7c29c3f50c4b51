import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { gatewayProgrammed, type WireGateway } from "../../src/decisions/gateway-programmed.ts";
import { serviceIpamSatisfied, type WireService } from "../../src/decisions/lb-service-ip.ts";
import { fail, pass } from "../../src/decisions/verdict.ts";
import { WaitTimeoutError } from "../../src/errors.ts";
import type { KubeObject } from "../../src/k8s/kube-object.ts";
import { waitForObject, waitForObjects } from "../../src/k8s/wait-for-objects.ts";
import { manualClock } from "../../src/wait/clock.ts";
import type { ObjectRef } from "../support/fake-kube-api.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

const SVC: ObjectRef = { apiVersion: "v1", kind: "Service", namespace: "cc-lbipam", name: "echo" };

function pendingService(): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "echo", namespace: "cc-lbipam" },
    spec: { type: "LoadBalancer" },
    status: {
      conditions: [
        {
          type: "cilium.io/IPAMRequestSatisfied",
          status: "False",
          reason: "no_pool",
          message: "There are no enabled CiliumLoadBalancerIPPools that match this service",
          lastTransitionTime: "2026-03-02T10:00:00Z",
        },
      ],
    },
  };
}

function satisfy(object: Record<string, unknown>): void {
  object.status = {
    conditions: [
      {
        type: "cilium.io/IPAMRequestSatisfied",
        status: "True",
        reason: "satisfied",
        message: "",
        lastTransitionTime: "2026-03-02T10:00:05Z",
      },
    ],
    loadBalancer: { ingress: [{ ip: "192.168.5.30", ipMode: "VIP" }] },
  };
}

const lbIpWait = (cluster: FakeCluster, budgetMs: number) =>
  waitForObject<KubeObject & WireService, { ips: string[] }>(cluster.client, {
    name: "lbIpAssigned",
    budgetMs,
    expectation: "no IP",
    ref: SVC,
    judge: (service) => serviceIpamSatisfied(service),
    retryDelayMs: 20,
  });

describe("waitForObject / waitForObjects (watch driven)", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster();
  });
  afterEach(() => cluster.close());

  it("is satisfied by a MODIFIED event on the watch, without polling", async () => {
    cluster.api.put(pendingService());
    void cluster.api.whenWatching().then(() => cluster.api.mutate(SVC, satisfy));
    const result = await lbIpWait(cluster, 5000);
    expect(result.value).toEqual({ ips: ["192.168.5.30"] });
    expect(result.lists).toBe(1);
    expect(
      cluster.api.requestsMatching("GET", "/services").filter((r) => r.query.watch === "true"),
    ).toHaveLength(1);
    const watch = cluster.api.requestsMatching("GET", "/services").find((r) => r.query.watch === "true");
    expect(watch?.query).toMatchObject({ fieldSelector: "metadata.name=echo", allowWatchBookmarks: "true" });
  });

  it("returns at once when the first LIST already satisfies it", async () => {
    const service = pendingService();
    satisfy(service);
    cluster.api.put(service);
    const result = await lbIpWait(cluster, 5000);
    expect(result.lists).toBe(1);
    expect(cluster.api.openWatches).toBe(0);
  });

  it("a LIST that never answers: the wait times out on its budget and the request is closed", async () => {
    cluster.api.put(pendingService());
    cluster.api.hangNext({ method: "GET", path: "/services", watch: false });
    const started = performance.now();
    const failure = lbIpWait(cluster, 400);
    await expect(failure).rejects.toThrow(WaitTimeoutError);
    await expect(failure).rejects.toThrow("a LIST was still running when the wait ended");
    expect(performance.now() - started).toBeLessThan(400 + 250);
    // client-node aborted the request (the signal reached fetch): the server sees it closed
    for (let i = 0; i < 50 && cluster.api.hangingRequests > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(cluster.api.hangingRequests).toBe(0);
  });

  it("a discovery request that never answers is cut at the budget too", async () => {
    cluster.api.put(pendingService());
    cluster.api.hangNext({ method: "GET", path: "/api/v1" });
    const started = performance.now();
    await expect(lbIpWait(cluster, 400)).rejects.toThrow(WaitTimeoutError);
    expect(performance.now() - started).toBeLessThan(400 + 250);
  });

  it("sees an object created after the wait started (ADDED)", async () => {
    void cluster.api.whenWatching().then(() => {
      const service = pendingService();
      satisfy(service);
      cluster.api.put(service);
    });
    const result = await lbIpWait(cluster, 5000);
    expect(result.value?.ips).toEqual(["192.168.5.30"]);
    expect(result.lists).toBe(1);
  });

  it("survives a watch that drops mid-stream by re-listing", async () => {
    cluster.api.put(pendingService());
    let dropped = -1;
    void cluster.api.whenWatching().then(() => {
      dropped = cluster.api.dropWatches({ abrupt: true });
      // The change happens while nobody watches: only a re-LIST can see it.
      cluster.api.mutate(SVC, satisfy);
    });
    const result = await lbIpWait(cluster, 5000);
    expect(dropped).toBe(1);
    expect(result.value?.ips).toEqual(["192.168.5.30"]);
    expect(result.lists).toBeGreaterThanOrEqual(2);
  });

  it("re-lists after the server ends the stream cleanly (watch timeout)", async () => {
    cluster.api.put(pendingService());
    void cluster.api.whenWatching().then(() => {
      cluster.api.dropWatches();
      cluster.api.mutate(SVC, satisfy);
    });
    const result = await lbIpWait(cluster, 5000);
    expect(result.lists).toBeGreaterThanOrEqual(2);
  });

  it("re-lists on 410 Gone (the list's resourceVersion was compacted away)", async () => {
    cluster.api.put(pendingService());
    let watches = 0;
    cluster.api.onWatchStart(() => {
      watches += 1;
      if (watches !== 1) return;
      // Changes happen and history is compacted between the LIST and the WATCH.
      cluster.api.mutate(SVC, (object) => {
        (object.metadata as Record<string, unknown>).labels = { touched: "yes" };
      });
      cluster.api.compactHistory();
      cluster.api.mutateLater(150, SVC, satisfy);
    });
    const result = await lbIpWait(cluster, 5000);
    expect(result.value?.ips).toEqual(["192.168.5.30"]);
    expect(result.lists).toBeGreaterThanOrEqual(2);
  });

  it("times out with the wait's name, budget and the last observation", async () => {
    cluster.api.put(pendingService());
    const failure = lbIpWait(cluster, 400);
    await expect(failure).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(failure).rejects.toThrow(
      "lbIpAssigned: no IP after 400ms (last: condition cilium.io/IPAMRequestSatisfied=False reason=no_pool, no ingress IP)",
    );
    // The watch is closed, not leaked.
    await vi.waitFor(() => expect(cluster.api.openWatches).toBe(0));
  });

  it("reports the latest state seen on the watch, not the first", async () => {
    cluster.api.put({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "gw", namespace: "cc-gw", generation: 1 },
      spec: { gatewayClassName: "cilium" },
    });
    cluster.api.mutateLater(
      50,
      { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "cc-gw", name: "gw" },
      (gw) => {
        gw.status = {
          conditions: [
            {
              type: "Accepted",
              status: "True",
              reason: "Accepted",
              observedGeneration: 1,
              lastTransitionTime: "2026-03-02T10:00:00Z",
            },
            {
              type: "Programmed",
              status: "False",
              reason: "AddressNotAssigned",
              observedGeneration: 1,
              lastTransitionTime: "2026-03-02T10:00:00Z",
            },
          ],
        };
      },
    );
    const failure = waitForObject<KubeObject & WireGateway, { addresses: string[] }>(cluster.client, {
      name: "gatewayProgrammed",
      budgetMs: 500,
      expectation: "not Programmed",
      ref: { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "cc-gw", name: "gw" },
      judge: (gateway) => gatewayProgrammed(gateway),
      exitCode: 1,
    });
    await expect(failure).rejects.toThrow(
      "(last: condition Accepted=True reason=Accepted, condition Programmed=False reason=AddressNotAssigned, no address)",
    );
    await expect(failure).rejects.toMatchObject({ exitCode: 1 });
  });

  it("keeps trying through API errors and records them as what was seen", async () => {
    // Time is the wait's clock, not the machine's: it moves only in the 20ms retry pauses, so
    // the budget ends in a pause after the 15th failed LIST however slow the LISTs are (issue 17:
    // on real time a loaded machine could end it mid-LIST, which adds a note to the message).
    cluster.api.failNext({
      method: "GET",
      path: "/services",
      code: 503,
      reason: "ServiceUnavailable",
      message: "apiserver starting",
      times: 100,
    });
    const failure = waitForObject(cluster.client, {
      name: "lbIpAssigned",
      budgetMs: 300,
      expectation: "no IP",
      ref: SVC,
      judge: (service) => serviceIpamSatisfied(service as WireService),
      retryDelayMs: 20,
      clock: manualClock(),
    });
    await expect(failure).rejects.toThrow(
      "lbIpAssigned: no IP after 300ms (last: error: list Service in cc-lbipam (metadata.name=echo): HTTP 503 ServiceUnavailable: apiserver starting)",
    );
    const lists = cluster.api.requestsMatching("GET", "/services").filter((r) => r.query.watch !== "true");
    expect(lists).toHaveLength(15);
  });

  it("stops when the caller aborts, with the caller's reason", async () => {
    cluster.api.put(pendingService());
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("suite cancelled")), 100);
    const failure = waitForObject(cluster.client, {
      name: "lbIpAssigned",
      budgetMs: 10_000,
      expectation: "no IP",
      ref: SVC,
      judge: (service) => serviceIpamSatisfied(service as WireService),
      signal: controller.signal,
    });
    await expect(failure).rejects.toThrow("suite cancelled");
  });

  it("judges a labelled set: all three echo Services satisfied", async () => {
    for (const name of ["a", "b", "c"]) {
      const service = pendingService();
      (service.metadata as Record<string, unknown>).name = name;
      (service.metadata as Record<string, unknown>).labels = { app: "echo" };
      cluster.api.put(service);
    }
    for (const [index, name] of ["a", "b", "c"].entries()) {
      cluster.api.mutateLater(100 + index * 50, { ...SVC, name }, satisfy);
    }
    const result = await waitForObjects(cluster.client, {
      name: "allSatisfied",
      budgetMs: 5000,
      expectation: "not all satisfied",
      target: { apiVersion: "v1", kind: "Service", namespace: "cc-lbipam", labelSelector: "app=echo" },
      judge: (items) => {
        const done = items.filter((item) => serviceIpamSatisfied(item as WireService).ok).length;
        return done === 3 ? pass(`${done}/3`, done) : fail(`${done}/3 satisfied`);
      },
    });
    expect(result.value).toBe(3);
  });
});
