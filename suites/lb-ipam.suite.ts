// LB-IPAM: the repo's pool, as applied and counted by Cilium's operator, and Services on it.
// See docs/suites.md.

import { beforeAll, describe, expect, it, type TestContext } from "vitest";
import { labelsSelectedBy } from "../src/conformance/label-selector-match.ts";
import {
  type LbServiceCase,
  lbServiceCases,
  lbServiceVariables,
} from "../src/conformance/lb-ipam/lb-service-cases.ts";
import {
  addressOutsidePools,
  expectedPoolCounts,
  expectedRefusalReason,
  ipsHeldFromPool,
  lastOfferedAddress,
  poolCountersMatch,
  poolOffering,
  poolSelects,
} from "../src/conformance/lb-ipam/pool-expectations.ts";
import { sharedIpVerdict } from "../src/conformance/lb-ipam/shared-ip.ts";
import { describeDifferences, specDifferences } from "../src/conformance/spec-match.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import {
  serviceIpamRefused,
  serviceIpamSatisfied,
  type WireService,
} from "../src/decisions/lb-service-ip.ts";
import {
  type PoolCounters,
  poolAvailableIs,
  poolCounters,
  poolWithoutConflict,
  type WirePool,
} from "../src/decisions/pool-counters.ts";
import { ExitCode } from "../src/errors.ts";
import { deleteAndWaitGone } from "../src/k8s/delete-object.ts";
import type { KubeObject } from "../src/k8s/kube-object.ts";
import { asLabelSelector } from "../src/k8s/label-selector.ts";
import { getObject, listObjects } from "../src/k8s/read-objects.ts";
import { waitForObject, waitForObjects } from "../src/k8s/wait-for-objects.ts";
import type { Manifest } from "../src/repo/infra-model.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("lb-ipam");
const BACKEND = "echo-lbipam";
/** Services that share an IP must not share a port; the second one moves to this port. */
const SECOND_SHARED_PORT = 8080;

let pool: Manifest;
let labels: Record<string, string>;
let cases: ReturnType<typeof lbServiceCases>;
// IPsAvailable of the suite's pool before its first Service: read whether or not the counters were
// right, so the two IPsAvailable cases judge allocation on their own, not through the IPsTotal case.
let availableBefore: bigint | undefined;

function poolRef(manifest: Manifest) {
  return { apiVersion: h.ctx.plan.compatFacts.poolApiVersion, kind: manifest.kind, name: manifest.name };
}

async function satisfied(name: string) {
  const result = await waitForObject<KubeObject & WireService, { ips: string[] }>(h.client, {
    name: "lbIpAssigned",
    budgetMs: h.ctx.budgets.lbIpAssigned,
    expectation: `Service ${name} not satisfied`,
    exitCode: ExitCode.conformanceFailed,
    ref: { apiVersion: "v1", kind: "Service", namespace: h.session.namespace, name },
    judge: (service) =>
      serviceIpamSatisfied(service, { conditionType: h.ctx.plan.compatFacts.serviceConditionType }),
  });
  return result.value?.ips ?? [];
}

/** The suite's LoadBalancer Services as the API server has them now. */
async function suiteLoadBalancers(): Promise<(KubeObject & WireService)[]> {
  const { items } = await listObjects(h.client, {
    apiVersion: "v1",
    kind: "Service",
    namespace: h.session.namespace,
  });
  return (items as (KubeObject & WireService)[]).filter((service) => service.spec?.type === "LoadBalancer");
}

async function deployService(serviceCase: LbServiceCase, port?: number) {
  await h.session.deploy(
    "echo/loadbalancer-service.yaml",
    lbServiceVariables({ ...h.session.baseVariables(), BACKEND }, serviceCase, labels),
    (object) => {
      const ports = (object.spec as { ports?: { port: number }[] } | undefined)?.ports;
      if (port !== undefined && ports?.[0]) ports[0].port = port;
    },
  );
}

beforeAll(async () => {
  const { model, compat, run } = h.ctx;
  expect(model.pools.length, "the repo defines a CiliumLoadBalancerIPPool").toBeGreaterThan(0);
  const selectable = model.pools.find((candidate) =>
    labelsSelectedBy(asLabelSelector((candidate.body.spec as Record<string, unknown>)?.serviceSelector)),
  );
  pool = selectable ?? (model.pools[0] as Manifest);
  labels =
    labelsSelectedBy(asLabelSelector((pool.body.spec as Record<string, unknown>)?.serviceSelector)) ?? {};
  const last = lastOfferedAddress(pool, compat);
  const outside = addressOutsidePools(model.pools, compat, run.network);
  if (!last || !outside) throw new Error(`cannot derive test addresses from pool ${pool.name}`);
  cases = lbServiceCases(h.ctx.plan.compatFacts, {
    lastAddress: last,
    outsideAddress: outside,
    sharingKey: `cc-${run.runId}`,
  });
  for (const manifest of model.pools) h.session.track(poolRef(manifest));
  await h.session.deploy("echo/echo-backend.yaml", {
    BACKEND,
    ECHO_IMAGE: workloadImages(process.env).echo,
    REPLICAS: 1,
  });
});

/** Every repo pool's counters, as the IPsTotal case judges them (its figure per pool). */
async function poolTotalsAsExpected(test: TestContext) {
  for (const manifest of h.ctx.model.pools) {
    const expected = expectedPoolCounts(manifest, h.ctx.compat);
    const counted = await waitForObject<KubeObject & WirePool, PoolCounters>(h.client, {
      name: "lbIpAssigned",
      budgetMs: h.ctx.budgets.lbIpAssigned,
      expectation: `pool ${manifest.name} has no counters`,
      exitCode: ExitCode.conformanceFailed,
      ref: poolRef(manifest),
      judge: poolCounters,
    });
    const counters = counted.value as PoolCounters;
    const totals = poolCountersMatch(counters, expected);
    expect(totals.ok, `pool ${manifest.name} on ${h.ctx.run.versions.cilium}: ${totals.seen}`).toBe(true);
    const applied = await getObject(h.client, poolRef(manifest));
    const conflict = poolWithoutConflict(applied as WirePool);
    expect(conflict.ok, conflict.seen).toBe(true);
    await h.figure(test, {
      name: `IPsTotal ${manifest.name}`,
      value: Number(counters.total),
      unit: "count",
    });
  }
}

/** IPsAvailable before the suite's first Service, or a failure saying it was never read. */
function readBeforeServices(): bigint {
  if (availableBefore === undefined)
    throw new Error(
      `IPsAvailable of pool ${pool.name} was not read before the suite's Services (the pool had no counters then); see the IPsTotal case`,
    );
  return availableBefore;
}

describe("LB-IPAM", () => {
  it("the repo's pools are applied verbatim", async () => {
    for (const manifest of h.ctx.model.pools) {
      const applied = await getObject(h.client, poolRef(manifest));
      expect(applied, `pool ${manifest.name} exists`).toBeDefined();
      const differences = specDifferences(manifest.body.spec, applied?.spec);
      expect(
        differences,
        `pool ${manifest.name} (${manifest.location.file}:${manifest.location.line}): ${describeDifferences(differences)}`,
      ).toEqual([]);
    }
  });

  it("IPsTotal is the raw size of the repo's blocks (reserved first/last counted as used), with no PoolConflict", async (test) => {
    try {
      await poolTotalsAsExpected(test);
    } finally {
      const before = poolCounters((await getObject(h.client, poolRef(pool))) as WirePool);
      availableBefore = before.value?.available;
    }
  });

  it("a LoadBalancer Service gets an IP inside the pool with IPAMRequestSatisfied=True", async () => {
    await deployService(cases.auto);
    const ips = await satisfied(cases.auto.name);
    for (const ip of ips)
      expect(
        poolOffering(h.ctx.model.pools, h.ctx.compat, ip)?.name,
        `${ip} inside a repo pool`,
      ).toBeDefined();
  });

  it("a requested IP is honoured, including the pool's last address", async () => {
    const wanted = cases.last.annotations[h.ctx.plan.compatFacts.ipsAnnotation];
    await deployService(cases.last);
    const ips = await satisfied(cases.last.name);
    expect(
      ips,
      `requested ${wanted} (${h.ctx.plan.compatFacts.ipsAnnotation}), got ${ips.join(", ") || "none"}`,
    ).toEqual([wanted]);
  });

  it("a request outside the pool is refused with the right reason and no IP", async () => {
    const requested = cases.outside.annotations[h.ctx.plan.compatFacts.ipsAnnotation] ?? "";
    const reason = expectedRefusalReason(h.ctx.model.pools, h.ctx.compat, requested, labels);
    expect(reason, `${requested} must be outside every pool`).toBeDefined();
    await deployService(cases.outside);
    await waitForObject<KubeObject & WireService, unknown>(h.client, {
      name: "lbIpAssigned",
      budgetMs: h.ctx.budgets.lbIpAssigned,
      expectation: `Service ${cases.outside.name} not refused with reason ${reason}`,
      exitCode: ExitCode.conformanceFailed,
      ref: { apiVersion: "v1", kind: "Service", namespace: h.session.namespace, name: cases.outside.name },
      judge: (service) =>
        serviceIpamRefused(service, {
          conditionType: h.ctx.plan.compatFacts.serviceConditionType,
          ...(reason ? { expectedReason: reason } : {}),
        }),
    });
  });

  it("two Services with one sharing key share an IP", async () => {
    await deployService(cases.sharedA);
    await deployService(cases.sharedB, SECOND_SHARED_PORT);
    await satisfied(cases.sharedA.name);
    await satisfied(cases.sharedB.name);
    const [a, b] = await Promise.all(
      [cases.sharedA, cases.sharedB].map((c) =>
        getObject(h.client, {
          apiVersion: "v1",
          kind: "Service",
          namespace: h.session.namespace,
          name: c.name,
        }),
      ),
    );
    const shared = sharedIpVerdict(a as WireService, b as WireService);
    expect(shared.ok, shared.seen).toBe(true);
  });

  it("IPsAvailable drops by the IPs the Services hold while they exist", async () => {
    expect(poolSelects(pool, labels), `pool ${pool.name} selects the suite's Services`).toBe(true);
    const before = readBeforeServices();
    const held = ipsHeldFromPool(await suiteLoadBalancers(), pool, h.ctx.compat);
    expect(held.length, `the suite's Services hold IPs from ${pool.name}`).toBeGreaterThan(0);
    const expected = before - BigInt(held.length);
    await waitForObject<KubeObject & WirePool, PoolCounters>(h.client, {
      name: "lbIpAssigned",
      budgetMs: h.ctx.budgets.lbIpAssigned,
      expectation: `IPsAvailable of ${pool.name} not ${expected} (${before} before, ${held.length} IPs held: ${held.join(", ")})`,
      exitCode: ExitCode.conformanceFailed,
      ref: poolRef(pool),
      judge: (object) => poolAvailableIs(object, expected),
    });
  });

  it("IPsAvailable returns to its earlier value after the Services are deleted", async () => {
    const before = readBeforeServices();
    for (const service of await suiteLoadBalancers()) {
      await deleteAndWaitGone(
        h.client,
        { apiVersion: "v1", kind: "Service", namespace: h.session.namespace, name: service.metadata.name },
        { name: "leaseReleasedAfterDelete", budgetMs: h.ctx.budgets.leaseReleasedAfterDelete },
      );
    }
    await waitForObjects(h.client, {
      name: "lbIpAssigned",
      budgetMs: h.ctx.budgets.lbIpAssigned,
      expectation: `IPsAvailable of ${pool.name} not back to ${before}`,
      exitCode: ExitCode.conformanceFailed,
      target: {
        apiVersion: h.ctx.plan.compatFacts.poolApiVersion,
        kind: pool.kind,
        fieldSelector: `metadata.name=${pool.name}`,
      },
      judge: (pools) => poolAvailableIs(pools[0] as WirePool | undefined, before),
    });
  });
});
