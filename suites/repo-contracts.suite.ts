// The repo's own Gateways, HTTPRoutes and LoadBalancer Services, applied as written into the
// namespaces they name, with echo stand-ins behind every Service they reach; each route rule and
// each Service is its own case, named after the object and file:line. See docs/suites.md.

import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { gatewayServiceName } from "../src/conformance/gateway-api/gateway-service.ts";
import { awaitL2Answer } from "../src/conformance/l2-announcements/l2-answer.ts";
import { lanHttpProbe } from "../src/conformance/lan-http-probe.ts";
import { poolOffering } from "../src/conformance/lb-ipam/pool-expectations.ts";
import { contractSet } from "../src/conformance/repo-contracts/contract-set.ts";
import {
  gatewayCaseName,
  gatewayName,
  lbCaseName,
  ruleCaseName,
  sharingCaseName,
  unmatchedCaseName,
} from "../src/conformance/repo-contracts/contracts-plan.ts";
import { deployContracts } from "../src/conformance/repo-contracts/deploy-contracts.ts";
import type { LbServiceContract } from "../src/conformance/repo-contracts/lb-service-contracts.ts";
import { announcedSharers, sharingGroups } from "../src/conformance/repo-contracts/lb-service-contracts.ts";
import { countsByWeightedService, probeCheck } from "../src/conformance/repo-contracts/probe-target.ts";
import type { RepoNamespaces } from "../src/conformance/repo-contracts/repo-namespaces.ts";
import type { ContractProbe } from "../src/conformance/repo-contracts/request-derivation.ts";
import {
  sharedIpArpExplanation,
  sharedIpLuckyAnswer,
} from "../src/conformance/repo-contracts/shared-ip-answer.ts";
import { runTools, startLanClient } from "../src/conformance/run-tools.ts";
import { loadSuiteContext } from "../src/conformance/suite-context.ts";
import { suiteOutcome } from "../src/conformance/suite-failure.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { gatewayProgrammed } from "../src/decisions/gateway-programmed.ts";
import { httpRouteAccepted } from "../src/decisions/httproute-accepted.ts";
import { ingressIps, serviceIpamSatisfied, type WireService } from "../src/decisions/lb-service-ip.ts";
import { ConformanceFailedError, ExitCode, WaitTimeoutError } from "../src/errors.ts";
import type { KubeObject } from "../src/k8s/kube-object.ts";
import { getLease, l2LeaseRef } from "../src/k8s/leases.ts";
import { getObject } from "../src/k8s/read-objects.ts";
import { waitForObject } from "../src/k8s/wait-for-objects.ts";
import { probeArp } from "../src/probes/arp-probe.ts";
import { convergeHttp } from "../src/probes/http-converge.ts";
import type { HttpExpectation } from "../src/probes/http-expectation.ts";
import type { HttpTarget } from "../src/probes/http-observation.ts";
import { checkWeightedSplit, sampleWeightedSplit } from "../src/probes/http-weighted-split.ts";
import type { StartedLanClient } from "../src/probes/lan-client.ts";
import { designWeightedSplit } from "../src/probes/weighted-split-design.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("repo-contracts");
const tools = runTools(process.env, process.cwd());
// The cases are the repo's objects, so the repo is read when vitest collects the tests; the
// harness's beforeAll reads the same context again (and fails the suite the same way if it cannot).
const collected = await loadSuiteContext(process.env).then(
  (ctx) => ({ ok: true as const, set: contractSet(ctx.model, ctx.compat) }),
  (error: unknown) => ({ ok: false as const, error }),
);
const http = lanHttpProbe(() => h.ctx.run);
const addresses = new Map<string, string>();
let repo: RepoNamespaces | undefined;
let lan: StartedLanClient | undefined;

const converge = () => ({
  name: "httpConsistency",
  budgetMs: h.ctx.budgets.httpConsistency,
  consecutive: h.ctx.budgets.requiredConsecutiveSuccesses,
});

function routeRef(id: string) {
  const [namespace = "", name = ""] = (id.split("#")[0] ?? "").split("/");
  return { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace, name };
}

/** Converges on one probe; a miss becomes a line of the case's failure, not a thrown error. */
async function proveOne(
  target: HttpTarget,
  expectation: HttpExpectation,
  purpose: string,
  failures: string[],
): Promise<boolean> {
  try {
    await convergeHttp(http, target, expectation, converge());
    return true;
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    failures.push(`${purpose}: ${error.message}`);
    return false;
  }
}

async function proveSplit(target: HttpTarget, expectation: HttpExpectation, weights: Record<string, number>) {
  const design = designWeightedSplit(weights);
  const sample = await sampleWeightedSplit(http, target, design.requests, {
    keyOf: "service",
    expected: expectation,
  });
  const counts = countsByWeightedService(sample.counts, weights);
  const check = checkWeightedSplit({ counts, failed: sample.failed }, design);
  await h.attach("weighted split", {
    weights,
    counts,
    verdict: check.seen,
    failures: sample.failureExamples,
  });
  return check;
}

async function proveProbes(
  test: TestContext,
  probes: readonly ContractProbe[],
  gateway: { address: string; port: number },
  notes: string[],
): Promise<string[]> {
  const failures: string[] = [];
  let asserted = 0;
  for (const probe of probes) {
    const check = probeCheck(probe, gateway);
    if (check.kind === "not-asserted") {
      notes.push(`${probe.purpose}: not asserted (${check.reason})`);
      continue;
    }
    asserted += 1;
    notes.push(...check.unobserved.map((what) => `${probe.purpose}: ${what} not observed`));
    const reached = await proveOne(check.target, check.expectation, probe.purpose, failures);
    if (reached && check.split) {
      const split = await proveSplit(check.target, check.expectation, check.split);
      if (!split.ok) failures.push(`${probe.purpose}: weighted split ${split.seen}`);
    }
  }
  for (const note of notes) await test.annotate(note, "not proven");
  await h.attach(
    "requests",
    probes.map((probe) => ({ purpose: probe.purpose, request: probe.request, expect: probe.expect })),
  );
  if (asserted === 0 && failures.length === 0)
    test.skip(`nothing to assert here: ${notes.join("; ") || "no request"}`);
  return failures;
}

async function lanClient(): Promise<StartedLanClient> {
  lan ??= await startLanClient(tools, h.ctx.run, process.env);
  return lan;
}

async function satisfiedIps(contract: LbServiceContract): Promise<string[]> {
  const result = await waitForObject<KubeObject & WireService, { ips: string[] }>(h.client, {
    name: "lbIpAssigned",
    budgetMs: h.ctx.budgets.lbIpAssigned,
    expectation: `${contract.title} not satisfied by LB-IPAM`,
    exitCode: ExitCode.conformanceFailed,
    ref: { apiVersion: "v1", kind: "Service", namespace: contract.namespace, name: contract.name },
    judge: (service) =>
      serviceIpamSatisfied(service, { conditionType: h.ctx.plan.compatFacts.serviceConditionType }),
  });
  return result.value?.ips ?? [];
}

/**
 * ARP for the Service's address is answered by its Lease holder alone. When the address is shared
 * by several announced Services (one Lease each), a failure names the Leases each answering node
 * holds, with the cause and the fix; when one MAC answers, it fails all the same, since only chance
 * put the Leases on one node (so the verdict does not vary between runs of the same repo).
 */
async function proveL2Answer(
  contract: LbServiceContract,
  sharers: readonly LbServiceContract[],
  ip: string,
): Promise<void> {
  const leaseOf = (service: LbServiceContract) =>
    l2LeaseRef(h.ctx.run.ciliumNamespace, service.namespace, service.name);
  const lease = leaseOf(contract);
  for (const service of sharers.length > 0 ? sharers : [contract]) h.session.track(leaseOf(service));
  // No live holder ends the case here (l2LeaseHeld); ARP that never settles on one MAC comes back
  // as a failed verdict with the last probe (l2-answer.ts).
  const answer = await awaitL2Answer({
    client: h.client,
    lan: await lanClient(),
    ip,
    lease,
    nodes: h.ctx.run.nodes,
    budgets: h.ctx.budgets,
  });
  h.session.trackNode(answer.holder);
  await h.attach(`ARP for ${ip}`, answer.probe?.transcript ?? {});
  const failure = answer.verdict.ok
    ? undefined
    : `${answer.verdict.seen} (announced by ${contract.announcedBy.join(", ")})`;
  if (sharers.length === 0) {
    expect(answer.verdict.ok, failure).toBe(true);
    return;
  }
  const probe = answer.probe ?? (await probeArp(await lanClient(), ip, { nodes: h.ctx.run.nodes, count: 2 }));
  if (!answer.probe) await h.attach(`ARP for ${ip} (probed again)`, probe.transcript);
  const leases = await Promise.all(
    sharers.map(async (service) => {
      const ref = leaseOf(service);
      return {
        contract: service,
        lease: `${ref.namespace}/${ref.name}`,
        object: await getLease(h.client, ref),
      };
    }),
  );
  for (const sharer of leases) {
    const holder = sharer.object?.spec?.holderIdentity;
    if (holder) h.session.trackNode(holder);
  }
  await h.attach(
    `L2 Leases sharing ${ip}`,
    leases.map((sharer) => ({ lease: sharer.lease, spec: sharer.object?.spec ?? "not found" })),
  );
  if (failure !== undefined) {
    throw new ConformanceFailedError(
      `${sharedIpArpExplanation(ip, leases, probe.replies, Date.now())}\n(${failure})`,
    );
  }
  throw new ConformanceFailedError(sharedIpLuckyAnswer(ip, leases, Date.now()));
}

beforeAll(async () => {
  if (!collected.ok) return;
  const { set } = collected;
  await deployContracts({
    client: h.client,
    set,
    runId: h.ctx.run.runId,
    image: workloadImages(process.env).echo,
    podsReadyBudgetMs: h.ctx.budgets.podsReady,
    track: (ref) => h.session.track(ref),
    onPrepared: (prepared) => {
      repo = prepared;
    },
  });
  // Made by Cilium's operator, not applied: its IPAM condition explains an unprogrammed Gateway.
  for (const gateway of set.gateways) {
    h.session.track({
      apiVersion: "v1",
      kind: "Service",
      namespace: gateway.namespace ?? "default",
      name: gatewayServiceName(gateway.name),
    });
  }
});

// vitest's fixture parser demands a destructuring pattern first; the suite (its result) comes second.
// biome-ignore lint/correctness/noEmptyPattern: required by vitest's fixture parser
afterAll(async ({}, suite) => {
  await http.close();
  await lan?.stop().catch((error: unknown) => h.attach("LAN client stop failed", String(error)));
  if (!repo) return;
  // Registered after the harness's hooks, this runs before its cleanup: keep what failed, if asked.
  const failed = suiteOutcome(suite.result?.state, h.session.failed).failed;
  if (failed && h.ctx.options.keepOnFailure) return;
  const removal = await repo.remove(h.ctx.budgets.namespaceGone);
  if (removal.errors.length > 0)
    throw new Error(`cleanup of the repo's objects failed: ${removal.errors.join("; ")}`);
});

describe("Repo contracts", () => {
  if (!collected.ok) {
    it("the repo's contracts are derived from the run's repo", () => {
      throw collected.error;
    });
    return;
  }
  const { set } = collected;

  for (const gateway of set.gateways) {
    const name = `${gateway.namespace ?? "default"}/${gateway.name}`;
    it(gatewayCaseName(gateway), async () => {
      const result = await waitForObject(h.client, {
        name: "gatewayProgrammed",
        budgetMs: h.ctx.budgets.gatewayProgrammed,
        expectation: `Gateway ${name} not Programmed`,
        exitCode: ExitCode.conformanceFailed,
        ref: {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "Gateway",
          namespace: gateway.namespace ?? "default",
          name: gateway.name,
        },
        judge: (object) => gatewayProgrammed(object),
      });
      const address = result.value?.addresses[0] ?? "";
      addresses.set(name, address);
      expect(
        poolOffering(h.ctx.model.pools, h.ctx.compat, address)?.name,
        `${address} inside a repo pool`,
      ).toBeDefined();
    });
  }

  const seenRules = new Map<string, number>();
  for (const port of set.ports)
    for (const rule of port.rules) seenRules.set(rule.id, (seenRules.get(rule.id) ?? 0) + 1);

  for (const port of set.ports) {
    const gateway = gatewayName(port);
    for (const rule of port.rules) {
      it(ruleCaseName(rule.title, gateway, port.port, (seenRules.get(rule.id) ?? 0) > 1), async (test) => {
        const address = addresses.get(gateway);
        expect(address, `Gateway ${gateway} has an address (its case above)`).toBeTruthy();
        await waitForObject(h.client, {
          name: "httpRouteAccepted",
          budgetMs: h.ctx.budgets.httpRouteAccepted,
          expectation: `${rule.title}: route not Accepted/ResolvedRefs`,
          exitCode: ExitCode.conformanceFailed,
          ref: routeRef(rule.id),
          judge: (object) =>
            httpRouteAccepted(object, { controllerName: h.ctx.compat.gatewayClass.value.controllerName }),
        });
        const failures = await proveProbes(test, rule.probes, { address: address ?? "", port: port.port }, [
          ...rule.notDerived.map((note) => `not derived: ${note}`),
        ]);
        expect(failures, failures.join("\n")).toEqual([]);
      });
    }
    it(unmatchedCaseName(port), async (test) => {
      const address = addresses.get(gateway);
      expect(address, `Gateway ${gateway} has an address (its case above)`).toBeTruthy();
      const failures = await proveProbes(test, port.unmatched, { address: address ?? "", port: port.port }, [
        ...port.notes,
      ]);
      expect(failures, failures.join("\n")).toEqual([]);
    });
  }

  for (const contract of set.lbServices) {
    it(lbCaseName(contract), async (test) => {
      if (contract.notHandled) test.skip(contract.notHandled);
      for (const note of contract.notProven) await test.annotate(note, "not proven");
      const ips = await satisfiedIps(contract);
      if (contract.requested.length > 0) {
        expect([...ips].sort(), `${contract.title}: the addresses it asks for`).toEqual(
          [...contract.requested].sort(),
        );
      } else {
        for (const ip of ips) {
          const pool = poolOffering(h.ctx.model.pools, h.ctx.compat, ip)?.name;
          expect(
            contract.pools,
            `${ip} from a pool that selects ${contract.title} (from ${pool ?? "no repo pool"})`,
          ).toContain(pool);
        }
      }
      const ip = ips[0] ?? "";
      if (contract.announcedBy.length > 0)
        await proveL2Answer(contract, announcedSharers(contract, set.lbServices), ip);
      const failures: string[] = [];
      for (const servicePort of contract.tcpPorts) {
        await proveOne(
          { url: `http://${ip}:${servicePort.port}/` },
          { serviceIn: [contract.name], namespace: contract.namespace },
          `port ${servicePort.port}/TCP`,
          failures,
        );
      }
      expect(failures, failures.join("\n")).toEqual([]);
    });
  }

  for (const [key, members] of sharingGroups(set.lbServices)) {
    it(sharingCaseName(key, members), async () => {
      for (const member of members) await satisfiedIps(member);
      const services = await Promise.all(
        members.map((member) =>
          getObject<KubeObject & WireService>(h.client, {
            apiVersion: "v1",
            kind: "Service",
            namespace: member.namespace,
            name: member.name,
          }),
        ),
      );
      const sets = services.map((service) => ingressIps(service));
      const common = (sets[0] ?? []).filter((ip) => sets.every((ips) => ips.includes(ip)));
      const seen = members
        .map((member, index) => `${member.name}: ${sets[index]?.join(",") || "no IP"}`)
        .join("; ");
      expect(common.length, `one address for all of them (${seen})`).toBeGreaterThan(0);
    });
  }

  for (const note of set.notProven) it.skip(note, () => {});
});
