import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { gatewayProgrammed, type WireGateway } from "../../src/decisions/gateway-programmed.ts";
import { serviceIpamSatisfied, type WireService } from "../../src/decisions/lb-service-ip.ts";
import { fail, pass } from "../../src/decisions/verdict.ts";
import { WaitTimeoutError } from "../../src/errors.ts";
import { KubeApiError } from "../../src/k8s/kube-api-error.ts";
import type { KubeObject } from "../../src/k8s/kube-object.ts";
import { waitForObject, waitForObjects } from "../../src/k8s/wait-for-objects.ts";
import { type Clock, manualClock } from "../../src/wait/clock.ts";
import type { ObjectRef } from "../support/fake-kube-api.ts";
import { isSettled } from "../support/is-settled.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

const SVC: ObjectRef = { apiVersion: "v1", kind: "Service", namespace: "cc-lbipam", name: "echo" };

function pendingService(): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "echo", namespace: "cc-lbipam" },
    spec: { type: "LoadBalancer", ports: [{ name: "http", port: 80 }] },
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

// The waits run on a manual clock (issue 17): it moves only by the wait's own retry pauses or when
// a test advances it, so a wait that must succeed never runs out of budget on a slow machine, and
// one that must time out ends exactly when the test has seen what it needed (an event), with the
// message that state gives. The API server and its requests are real.
const lbIpWait = (cluster: FakeCluster, budgetMs: number, clock: Clock = manualClock()) =>
  waitForObject<KubeObject & WireService, { ips: string[] }>(cluster.client, {
    name: "lbIpAssigned",
    budgetMs,
    expectation: "no IP",
    ref: SVC,
    judge: (service) => serviceIpamSatisfied(service),
    retryDelayMs: 20,
    clock,
  });

/** Polls a condition that an event on the server makes true; the timeout only fails a broken test. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describe("waitForObject / waitForObjects (watch driven)", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["cc-lbipam", "cc-gw"] });
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

  /**
   * Holds the request `hang` matches unanswered, ends the 400 ms budget while it hangs and returns
   * the wait's failure, once the server has seen the request closed.
   */
  async function failureWhileHanging(hang: Parameters<FakeCluster["api"]["hangNext"]>[0]): Promise<unknown> {
    cluster.api.put(pendingService());
    cluster.api.hangNext(hang);
    const clock = manualClock();
    const failure = lbIpWait(cluster, 400, clock).then(
      () => undefined,
      (error: unknown) => error,
    );
    await eventually(() => expect(cluster.api.hangingRequests).toBe(1));
    expect(await isSettled(failure)).toBe(false);
    // The budget's end alone ends the wait: the request still has no answer.
    clock.advance(400);
    const error = await failure;
    // client-node aborted the request (the signal reached fetch): the server sees it closed
    await eventually(() => expect(cluster.api.hangingRequests).toBe(0));
    return error;
  }

  it("a LIST that never answers: the wait times out on its budget and the request is closed", async () => {
    const failure = await failureWhileHanging({ method: "GET", path: "/services", watch: false });
    expect(failure).toBeInstanceOf(WaitTimeoutError);
    expect((failure as Error).message).toBe(
      "lbIpAssigned: no IP after 400ms (last: nothing observed yet; a LIST was still running when the wait ended)",
    );
  });

  it("a discovery request that never answers is cut at the budget too", async () => {
    expect(await failureWhileHanging({ method: "GET", path: "/api/v1" })).toBeInstanceOf(WaitTimeoutError);
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
    const clock = manualClock();
    const failure = lbIpWait(cluster, 400, clock);
    // Watching: the LIST has been judged. Then the budget ends.
    await cluster.api.whenWatching();
    clock.advance(400);
    await expect(failure).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(failure).rejects.toThrow(
      "lbIpAssigned: no IP after 400ms (last: condition cilium.io/IPAMRequestSatisfied=False reason=no_pool, no ingress IP)",
    );
    // The watch is closed, not leaked.
    await eventually(() => expect(cluster.api.openWatches).toBe(0));
  });

  it("reports the latest state seen on the watch, not the first", async () => {
    cluster.api.put({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "gw", namespace: "cc-gw", generation: 1 },
      spec: { gatewayClassName: "cilium" },
    });
    const judged: string[] = [];
    const clock = manualClock();
    void cluster.api.whenWatching().then(() =>
      cluster.api.mutate(
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
      ),
    );
    const failure = waitForObject<KubeObject & WireGateway, { addresses: string[] }>(cluster.client, {
      name: "gatewayProgrammed",
      budgetMs: 500,
      expectation: "not Programmed",
      ref: { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "cc-gw", name: "gw" },
      judge: (gateway) => {
        const verdict = gatewayProgrammed(gateway);
        judged.push(verdict.seen);
        return verdict;
      },
      exitCode: 1,
      clock,
    });
    // The budget ends once the watch's MODIFIED event has been judged (the LIST was the first).
    await eventually(() => expect(judged).toHaveLength(2));
    clock.advance(500);
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

  it("stops at once on a refusal that waiting cannot mend (403 on the LIST), naming it", async () => {
    cluster.api.put(pendingService());
    cluster.api.failNext({
      method: "GET",
      path: "/services",
      watch: false,
      code: 403,
      reason: "Forbidden",
      message: 'services is forbidden: User "x" cannot list resource "services"',
      times: 100,
    });
    const failure = await lbIpWait(cluster, 3000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeApiError);
    expect(failure).toMatchObject({ code: "CC_K8S_FORBIDDEN", status: 403 });
    expect((failure as Error).message).toBe(
      'lbIpAssigned: stopped: list Service in cc-lbipam (metadata.name=echo): HTTP 403 Forbidden: services is forbidden: User "x" cannot list resource "services"',
    );
    const lists = cluster.api.requestsMatching("GET", "/services").filter((r) => r.query.watch !== "true");
    expect(lists).toHaveLength(1);
  });

  it("stops at once when the WATCH is refused with 400 (a malformed request), not at the budget", async () => {
    cluster.api.put(pendingService());
    cluster.api.failNext({
      method: "GET",
      path: "/services",
      watch: true,
      code: 400,
      reason: "BadRequest",
      message: "bad watch",
      times: 100,
    });
    const failure = await lbIpWait(cluster, 3000).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "CC_K8S_INVALID", status: 400 });
    expect((failure as Error).message).toMatch(
      /^lbIpAssigned: stopped: watch Service in cc-lbipam .*HTTP 400/,
    );
  });

  it("keeps the watch's server-side timeout under client-node's 30s idle kill, whatever resync is asked", async () => {
    cluster.api.put(pendingService());
    const timeoutOfWatch = async (resyncMs: number | undefined) => {
      const controller = new AbortController();
      const wait = waitForObject(cluster.client, {
        name: "lbIpAssigned",
        budgetMs: 60_000,
        expectation: "no IP",
        ref: SVC,
        judge: (service) => serviceIpamSatisfied(service as WireService),
        signal: controller.signal,
        ...(resyncMs !== undefined ? { resyncMs } : {}),
      });
      await cluster.api.whenWatching();
      controller.abort(new Error("seen the watch"));
      await expect(wait).rejects.toThrow("seen the watch");
      const watch = cluster.api
        .requestsMatching("GET", "/services")
        .filter((r) => r.query.watch === "true")
        .at(-1);
      await vi.waitFor(() => expect(cluster.api.openWatches).toBe(0));
      return Number(watch?.query.timeoutSeconds);
    };
    expect(await timeoutOfWatch(undefined)).toBe(20);
    expect(await timeoutOfWatch(120_000)).toBe(25);
  });

  it("stops when the caller aborts, with the caller's reason", async () => {
    cluster.api.put(pendingService());
    const controller = new AbortController();
    void cluster.api.whenWatching().then(() => controller.abort(new Error("suite cancelled")));
    const failure = waitForObject(cluster.client, {
      name: "lbIpAssigned",
      budgetMs: 10_000,
      expectation: "no IP",
      ref: SVC,
      judge: (service) => serviceIpamSatisfied(service as WireService),
      signal: controller.signal,
      clock: manualClock(),
    });
    await expect(failure).rejects.toThrow("suite cancelled");
    await eventually(() => expect(cluster.api.openWatches).toBe(0));
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
      clock: manualClock(),
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
