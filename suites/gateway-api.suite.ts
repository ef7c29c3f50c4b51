// Gateway API through Cilium's Envoy, end to end from the runner. See docs/suites.md.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendOfPod } from "../src/conformance/gateway-api/echo-backend-of.ts";
import { gatewayHttpCases } from "../src/conformance/gateway-api/gateway-http-cases.ts";
import {
  type GatewayLabels,
  gatewayInfrastructureLabels,
} from "../src/conformance/gateway-api/gateway-infrastructure.ts";
import { gatewayServiceName, gatewayServiceRef } from "../src/conformance/gateway-api/gateway-service.ts";
import { awaitL2Answer } from "../src/conformance/l2-announcements/l2-answer.ts";
import { lanHttpProbe } from "../src/conformance/lan-http-probe.ts";
import { poolOffering } from "../src/conformance/lb-ipam/pool-expectations.ts";
import { runTools, startLanClient } from "../src/conformance/run-tools.ts";
import { withCleanup } from "../src/conformance/suite-cleanup.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { crdEstablished } from "../src/decisions/crd-established.ts";
import { gatewayProgrammed } from "../src/decisions/gateway-programmed.ts";
import { gatewayClassAccepted } from "../src/decisions/gatewayclass-accepted.ts";
import { httpRouteAccepted } from "../src/decisions/httproute-accepted.ts";
import { ExitCode } from "../src/errors.ts";
import { l2LeaseRef } from "../src/k8s/leases.ts";
import { waitForObject } from "../src/k8s/wait-for-objects.ts";
import { convergeHttp } from "../src/probes/http-converge.ts";
import { checkWeightedSplit, sampleWeightedSplit } from "../src/probes/http-weighted-split.ts";
import { designWeightedSplit } from "../src/probes/weighted-split-design.ts";
import { renderWorkload } from "../src/workloads/render-workload.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("gateway-api");
const tools = runTools(process.env, process.cwd());
const GATEWAY = "conformance";
/** Hostnames of the hostname routes live under this test-only domain (RFC 2606 `.test`). */
const HOSTNAME_SUFFIX = "conformance.test";

// The cases depend only on the routes' specs, so they are known when vitest collects the tests.
const routeObjects = renderWorkload("gateway-api/httproutes.yaml", {
  NAMESPACE: "collect",
  RUN_ID: "collect",
  HOSTNAME_SUFFIX,
});
const cases = gatewayHttpCases(routeObjects);
const backends = [
  ...new Set(
    cases.flatMap((c) =>
      c.kind === "route" ? [c.backend] : c.kind === "split" ? Object.keys(c.weights) : [],
    ),
  ),
];
const http = lanHttpProbe(() => h.ctx.run);
let address: string;
let gatewayLabels: GatewayLabels;

beforeAll(async () => {
  const echo = workloadImages(process.env).echo;
  for (const backend of backends)
    await h.session.deploy("echo/echo-backend.yaml", { BACKEND: backend, ECHO_IMAGE: echo, REPLICAS: 2 });
  for (const backend of backends) await h.session.waitForDeployment(backend);
  // The pools' and L2 policies' serviceSelectors must select the Gateway's Service: Cilium copies
  // spec.infrastructure.labels onto it (gateway-infrastructure.ts).
  gatewayLabels = gatewayInfrastructureLabels(
    h.ctx.model,
    { namespace: h.session.namespace, name: GATEWAY },
    h.ctx.compat,
  );
  const infrastructure = gatewayLabels.ok ? gatewayLabels.labels : {};
  await h.session.deploy("gateway-api/gateway.yaml", {}, (object) => {
    if (object.kind === "Gateway" && Object.keys(infrastructure).length > 0) {
      (object.spec as Record<string, unknown>).infrastructure = { labels: infrastructure };
    }
  });
  // Not deployed by the suite but by Cilium's operator: its IPAM condition explains an unprogrammed
  // Gateway, so a failure's diagnostics include it and the repo's pools.
  h.session.track(gatewayServiceRef(h.session.namespace, GATEWAY));
  for (const pool of h.ctx.model.pools)
    h.session.track({ apiVersion: h.ctx.plan.compatFacts.poolApiVersion, kind: pool.kind, name: pool.name });
  await h.session.deploy("gateway-api/httproutes.yaml", { HOSTNAME_SUFFIX });
});

afterAll(async () => {
  await http.close();
});

describe("Gateway API", () => {
  it("the Gateway API CRDs are Established", async () => {
    for (const crd of h.ctx.plan.gatewayApi.crdNames) {
      await waitForObject(h.client, {
        name: "gatewayApiCrdsEstablished",
        budgetMs: h.ctx.budgets.gatewayApiCrdsEstablished,
        expectation: `CRD ${crd} not Established`,
        exitCode: ExitCode.conformanceFailed,
        ref: { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: crd },
        judge: (object) => crdEstablished(object),
      });
    }
  });

  it("GatewayClass cilium is Accepted", async () => {
    const { name, controllerName } = h.ctx.compat.gatewayClass.value;
    h.session.track({ apiVersion: "gateway.networking.k8s.io/v1", kind: "GatewayClass", name });
    await waitForObject(h.client, {
      name: "gatewayClassAccepted",
      budgetMs: h.ctx.budgets.gatewayClassAccepted,
      expectation: `GatewayClass ${name} not Accepted`,
      exitCode: ExitCode.conformanceFailed,
      ref: { apiVersion: "gateway.networking.k8s.io/v1", kind: "GatewayClass", name },
      judge: (object) => gatewayClassAccepted(object, controllerName),
    });
  });

  it("the Gateway is Accepted and Programmed with an address from the pool", async () => {
    if (!gatewayLabels.ok) expect.fail(gatewayLabels.reason);
    const result = await waitForObject(h.client, {
      name: "gatewayProgrammed",
      budgetMs: h.ctx.budgets.gatewayProgrammed,
      expectation: `Gateway ${GATEWAY} not Programmed`,
      exitCode: ExitCode.conformanceFailed,
      ref: {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        namespace: h.session.namespace,
        name: GATEWAY,
      },
      judge: (object) => gatewayProgrammed(object),
    });
    address = result.value?.addresses[0] ?? "";
    expect(
      poolOffering(h.ctx.model.pools, h.ctx.compat, address)?.name,
      `Gateway address ${address} inside a repo pool`,
    ).toBeDefined();
  });

  it("the Gateway's address is announced: its Lease holder's MAC alone answers ARP", async (test) => {
    expect(address, "the Gateway has an address (previous test)").toBeTruthy();
    if (gatewayLabels.ok && !gatewayLabels.announcedBy) test.skip(gatewayLabels.notAnnounced);
    if (!gatewayLabels.ok || !gatewayLabels.announcedBy) return;
    const lease = l2LeaseRef(h.ctx.run.ciliumNamespace, h.session.namespace, gatewayServiceName(GATEWAY));
    h.session.track(lease);
    const lan = await startLanClient(tools, h.ctx.run, process.env);
    // A failing stop after a failed ARP check is attached, not thrown over the ARP verdict.
    await withCleanup(
      async () => {
        // The same wait as the L2 suite's: a live Lease holder, then one MAC, then the holder's MAC.
        const answer = await awaitL2Answer({
          client: h.client,
          lan,
          ip: address,
          lease,
          nodes: h.ctx.run.nodes,
          budgets: h.ctx.budgets,
        });
        h.session.trackNode(answer.holder);
        await h.attach("ARP for the Gateway address", answer.probe?.transcript ?? {});
        expect(
          answer.verdict.ok,
          `${answer.verdict.seen} (announced by ${gatewayLabels.ok ? gatewayLabels.announcedBy : "?"})`,
        ).toBe(true);
      },
      () => lan.stop(),
      (error) => h.attach("LAN client stop failed", error instanceof Error ? error.message : String(error)),
    );
  });

  it("every HTTPRoute is Accepted with ResolvedRefs", async () => {
    for (const route of routeObjects) {
      const name = (route.metadata as { name: string }).name;
      await waitForObject(h.client, {
        name: "httpRouteAccepted",
        budgetMs: h.ctx.budgets.httpRouteAccepted,
        expectation: `HTTPRoute ${name} not Accepted/ResolvedRefs`,
        exitCode: ExitCode.conformanceFailed,
        ref: {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "HTTPRoute",
          namespace: h.session.namespace,
          name,
        },
        judge: (object) =>
          httpRouteAccepted(object, { controllerName: h.ctx.compat.gatewayClass.value.controllerName }),
      });
    }
  });

  for (const httpCase of cases) {
    it(`HTTP ${httpCase.name}`, async (test) => {
      expect(address, "the Gateway has an address (previous test)").toBeTruthy();
      const target = { url: `http://${address}/`, ...httpCase.request };
      const converge = {
        budgetMs: h.ctx.budgets.httpConsistency,
        consecutive: h.ctx.budgets.requiredConsecutiveSuccesses,
      };
      if (httpCase.kind === "no-match") {
        await convergeHttp(
          http,
          target,
          { status: httpCase.status },
          { name: "httpConsistency", ...converge },
        );
        return;
      }
      if (httpCase.kind === "route") {
        const result = await convergeHttp(
          http,
          target,
          { namespace: h.session.namespace, podPrefix: `${httpCase.backend}-` },
          { name: "httpConsistency", ...converge },
        );
        await h.figure(test, {
          name: `convergence ${httpCase.route}`,
          value: result.elapsedMs,
          unit: "ms",
          limit: converge.budgetMs,
        });
        return;
      }
      await convergeHttp(
        http,
        target,
        { namespace: h.session.namespace },
        { name: "httpConsistency", ...converge },
      );
      // Sample size and accepted counts from exact binomial statistics (weighted-split-design.ts).
      const design = designWeightedSplit(httpCase.weights);
      const sample = await sampleWeightedSplit(http, target, design.requests, {
        keyOf: "pod",
        expected: { namespace: h.session.namespace },
      });
      const byBackend: Record<string, number> = {};
      for (const [pod, count] of Object.entries(sample.counts)) {
        const backend = backendOfPod(pod, backends) ?? pod;
        byBackend[backend] = (byBackend[backend] ?? 0) + count;
      }
      const check = checkWeightedSplit({ counts: byBackend, failed: sample.failed }, design);
      await h.attach("weighted split", {
        weights: httpCase.weights,
        counts: byBackend,
        design: {
          requests: design.requests,
          accepted: Object.fromEntries(design.backends.map((b) => [b.backend, `${b.low}..${b.high}`])),
          falseAlarm: design.falseAlarm,
          missAtTenPointShift: design.missAtShift,
        },
        verdict: check.seen,
        failures: sample.failureExamples,
      });
      for (const backend of check.backends) {
        await h.figure(test, {
          name: `split share ${backend.backend}`,
          value: Math.round((1000 * backend.observed) / design.requests) / 10,
          unit: "%",
          note: `weight ${backend.weight}, accepted ${backend.low}..${backend.high} of ${design.requests}`,
        });
      }
      expect(check.ok, check.seen).toBe(true);
    });
  }
});
