// L2 announcements: one node — the Lease holder, a node the policy selects — answers ARP for a
// Service IP, HTTP reaches it, a Service the policy does not select stays silent, and another
// eligible node takes over when the holder goes away. See docs/suites.md.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTE_ANNOTATION } from "../src/conformance/case-notes.ts";
import {
  type AnnouncingNodes,
  announcingNodes,
} from "../src/conformance/l2-announcements/announcing-nodes.ts";
import { arpAnsweredByHolder } from "../src/conformance/l2-announcements/arp-holder-verdict.ts";
import {
  keepPodsOffNode,
  readyEndpointsOffNode,
  type WireEndpointSlice,
} from "../src/conformance/l2-announcements/backend-placement.ts";
import { planFailover } from "../src/conformance/l2-announcements/failover-plan.ts";
import { runFailoverSequence, settle } from "../src/conformance/l2-announcements/failover-sequence.ts";
import { judgeFailover } from "../src/conformance/l2-announcements/failover-verdict.ts";
import { arpUntilSingle, awaitL2Answer } from "../src/conformance/l2-announcements/l2-answer.ts";
import {
  announcedServiceLabels,
  unannouncedServiceLabels,
} from "../src/conformance/l2-announcements/l2-service-labels.ts";
import { judgeUnannounced } from "../src/conformance/l2-announcements/unannounced-verdict.ts";
import { lanHttpProbe } from "../src/conformance/lan-http-probe.ts";
import { lbServiceVariables } from "../src/conformance/lb-ipam/lb-service-cases.ts";
import { runTools, startLanClient } from "../src/conformance/run-tools.ts";
import { describeDifferences, specDifferences } from "../src/conformance/spec-match.ts";
import { cleanupAll } from "../src/conformance/suite-cleanup.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { leaseMovedFrom } from "../src/decisions/l2-lease-holder.ts";
import { serviceHasIp, type WireService } from "../src/decisions/lb-service-ip.ts";
import { ExitCode, WaitTimeoutError } from "../src/errors.ts";
import type { KubeObject } from "../src/k8s/kube-object.ts";
import { type LeaseObject, l2LeaseRef } from "../src/k8s/leases.ts";
import { getObject, listObjects } from "../src/k8s/read-objects.ts";
import { waitForObject, waitForObjects } from "../src/k8s/wait-for-objects.ts";
import { electionWindowMs, l2FailoverBudget } from "../src/plan/l2-failover-budget.ts";
import { probeArp } from "../src/probes/arp-probe.ts";
import { ArpWatch } from "../src/probes/arp-watch.ts";
import { convergeHttp } from "../src/probes/http-converge.ts";
import type { StartedLanClient } from "../src/probes/lan-client.ts";
import type { Manifest } from "../src/repo/infra-model.ts";
import { waitUntil } from "../src/wait/wait-until.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("l2-announcements");
const tools = runTools(process.env, process.cwd());
const BACKEND = "echo-l2";
const ANNOUNCED = "l2-announced";
const UNANNOUNCED = "l2-unannounced";
const http = lanHttpProbe(() => h.ctx.run);

let policy: Manifest;
let lan: StartedLanClient;
let ip: string;
let holder: string;
/** Nodes that may announce the announced Service (the policies' nodeSelector, live node labels). */
let announcing: AnnouncingNodes;

async function lbService(name: string, labels: Record<string, string>): Promise<string> {
  await h.session.deploy(
    "echo/loadbalancer-service.yaml",
    lbServiceVariables({ ...h.session.baseVariables(), BACKEND }, { name, annotations: {} }, labels),
  );
  const result = await waitForObject<KubeObject & WireService, { ips: string[] }>(h.client, {
    name: "lbIpAssigned",
    budgetMs: h.ctx.budgets.lbIpAssigned,
    expectation: `Service ${name} has no IP`,
    // A Service the repo's pool selects and gets no address is LB-IPAM failing, not the machine:
    // conformance (exit 1), even in beforeAll (vitest-results.ts reads the error's exit code).
    exitCode: ExitCode.conformanceFailed,
    ref: { apiVersion: "v1", kind: "Service", namespace: h.session.namespace, name },
    // Only the address: LB-IPAM's condition is the LB-IPAM suite's promise (serviceHasIp).
    judge: (service) => serviceHasIp(service, { conditionType: h.ctx.plan.compatFacts.serviceConditionType }),
  });
  const address = result.value?.ips[0];
  if (!address) throw new Error(`Service ${name} has an address but lists no IP`);
  return address;
}

/** The live Lease holder once it is another node than `from`; undefined when none within the budget. */
async function waitForLeaseMove(
  from: string,
  pausedAt: number,
  budgetMs: number,
): Promise<{ holder: string; afterMs: number } | undefined> {
  try {
    const moved = await waitForObject<LeaseObject, { holder: string }>(h.client, {
      name: "l2Failover",
      budgetMs,
      expectation: `no node other than ${from} holds the Lease`,
      exitCode: ExitCode.conformanceFailed,
      ref: l2LeaseRef(h.ctx.run.ciliumNamespace, h.session.namespace, ANNOUNCED),
      judge: (object) => leaseMovedFrom(object, from, Date.now()),
    });
    return { holder: moved.value?.holder ?? "", afterMs: Date.now() - pausedAt };
  } catch (error) {
    if (error instanceof WaitTimeoutError) return undefined;
    throw error;
  }
}

/** The runner's own neighbour cache may still point at the paused node (needs root to flush). */
async function flushRunnerNeighbour(): Promise<string> {
  try {
    await tools.runner.run("ip", ["neigh", "flush", "to", ip], { timeoutMs: 5000 });
    return `flushed the runner's neighbour entry for ${ip}`;
  } catch (error) {
    return `could not flush the runner's neighbour entry (${firstLine(error)}); HTTP retried instead`;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** The echo backend's Deployment and Service, optionally kept off one node. */
function deployBackend(awayFrom?: string) {
  return h.session.deploy(
    "echo/echo-backend.yaml",
    { BACKEND, ECHO_IMAGE: workloadImages(process.env).echo, REPLICAS: 2 },
    (object) => {
      if (awayFrom && object.kind === "Deployment") keepPodsOffNode(object, awayFrom);
    },
  );
}

/** Moves the backend off `node` and waits until the announced Service has no ready endpoint there. */
async function moveBackendOff(node: string): Promise<string> {
  await deployBackend(node);
  await h.session.waitForDeployment(BACKEND);
  const placed = await waitForObjects(h.client, {
    name: "podsReady",
    budgetMs: h.ctx.budgets.podsReady,
    expectation: `Service ${ANNOUNCED} still has ready endpoints on ${node}`,
    target: {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      namespace: h.session.namespace,
      labelSelector: `kubernetes.io/service-name=${ANNOUNCED}`,
    },
    judge: (slices) => readyEndpointsOffNode(slices as WireEndpointSlice[], node),
  });
  return placed.seen;
}

beforeAll(async () => {
  expect(h.ctx.model.l2Policies.length, "the repo defines a CiliumL2AnnouncementPolicy").toBeGreaterThan(0);
  policy = h.ctx.model.l2Policies[0] as Manifest;
  const labels = announcedServiceLabels(policy, h.ctx.model.pools);
  if (!labels.ok) throw new Error(labels.reason);
  await deployBackend();
  await h.session.waitForDeployment(BACKEND);
  ip = await lbService(ANNOUNCED, labels.labels);
  // The policies as applied (the plan's bodies, deviations included) against the live node labels.
  const { items: liveNodes } = await listObjects(h.client, { apiVersion: "v1", kind: "Node" });
  announcing = announcingNodes(
    h.ctx.plan.manifests.l2Policies.map((planned) => ({ name: planned.name, body: planned.body })),
    { namespace: h.session.namespace, name: ANNOUNCED, labels: labels.labels },
    liveNodes.map((node) => ({ name: node.metadata.name, labels: node.metadata.labels ?? {} })),
  );
  lan = await startLanClient(tools, h.ctx.run, process.env);
});

afterAll(async () => {
  // Both run even when one throws: a LAN client container must not outlive the suite.
  await cleanupAll([() => http.close(), () => lan?.stop()]);
});

describe("L2 announcements", () => {
  it("the repo's L2 policy is applied (with only the plan's listed deviations)", async () => {
    const planned = h.ctx.plan.manifests.l2Policies.find((p) => p.name === policy.name);
    expect(planned, `policy ${policy.name} in the plan`).toBeDefined();
    const ref = {
      apiVersion: h.ctx.plan.compatFacts.l2PolicyApiVersion,
      kind: policy.kind,
      name: policy.name,
    };
    h.session.track(ref);
    const applied = await getObject(h.client, ref);
    const differences = specDifferences(planned?.body.spec, applied?.spec);
    if (planned?.deviations.length) await h.attach("policy deviations", planned.deviations);
    expect(differences, describeDifferences(differences)).toEqual([]);
  });

  it("the Service's Lease has a live holder, a node the policy selects, and ARP is answered by its MAC alone", async () => {
    const lease = l2LeaseRef(h.ctx.run.ciliumNamespace, h.session.namespace, ANNOUNCED);
    h.session.track(lease);
    const answer = await awaitL2Answer({
      client: h.client,
      lan,
      ip,
      lease,
      nodes: h.ctx.run.nodes,
      budgets: h.ctx.budgets,
    });
    holder = answer.holder;
    h.session.trackNode(holder);
    await h.attach("ARP exchange", answer.probe?.transcript ?? {});
    expect(
      announcing.nodes,
      `the holder is a node the policies ${announcing.policies.join(", ") || "(none)"} select (nodeSelector)`,
    ).toContain(holder);
    expect(answer.verdict.ok, answer.verdict.seen).toBe(true);
  });

  it("the ARP answer stays the same for several seconds", async () => {
    // Rounds, one probe per second: a burst would ask five times within a third of a second.
    const probe = await probeArp(lan, ip, {
      nodes: h.ctx.run.nodes,
      count: 5,
      budgetMs: 6000,
      mode: "rounds",
    });
    await h.attach("ARP stability", probe.transcript);
    const verdict = arpAnsweredByHolder(probe, holder, h.ctx.run.nodes);
    expect(verdict.ok, verdict.seen).toBe(true);
    expect(probe.replies[0]?.count, "answers in 5 rounds").toBeGreaterThanOrEqual(4);
  });

  it("HTTP to the Service IP from the runner reaches the echo backend", async (test) => {
    const result = await convergeHttp(
      http,
      { url: `http://${ip}/` },
      { namespace: h.session.namespace, podPrefix: `${BACKEND}-` },
      {
        name: "httpConsistency",
        budgetMs: h.ctx.budgets.httpConsistency,
        consecutive: h.ctx.budgets.requiredConsecutiveSuccesses,
      },
    );
    await h.figure(test, {
      name: "L2 HTTP convergence",
      value: result.elapsedMs,
      unit: "ms",
      limit: h.ctx.budgets.httpConsistency,
    });
  });

  it("a Service the policy does not select gets no ARP answer", async (test) => {
    const labels = unannouncedServiceLabels(policy, h.ctx.model.pools);
    if (!labels.ok) test.skip(labels.reason);
    if (!labels.ok) return;
    const other = await lbService(UNANNOUNCED, labels.labels);
    // Silence only means something once an election could have happened: an agent that selected
    // the Service would have taken its Lease and answered within this window (l2-failover-budget.ts).
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = l2FailoverBudget(
      h.ctx.model.values,
      h.ctx.compat,
    );
    const windowMs = electionWindowMs({ leaseDurationMs, renewDeadlineMs, retryPeriodMs });
    // Rounds across the window (one probe per second), then a burst once it is over, which decides:
    // an answer during the window only is the address's previous Service, still announced on its
    // node (unannounced-verdict.ts).
    const during = await probeArp(lan, other, {
      nodes: h.ctx.run.nodes,
      count: Math.ceil(windowMs / 1000),
      budgetMs: windowMs + 2000,
      mode: "rounds",
    });
    const after = await probeArp(lan, other, { nodes: h.ctx.run.nodes });
    await h.attach("ARP for the unannounced Service", {
      duringTheElectionWindow: during.transcript,
      afterIt: after.transcript,
    });
    const verdict = judgeUnannounced(other, policy.name, windowMs, during, after);
    if (verdict.note) await test.annotate(verdict.note, NOTE_ANNOTATION);
    expect(verdict.ok, verdict.seen).toBe(true);
    const lease = await getObject(
      h.client,
      l2LeaseRef(h.ctx.run.ciliumNamespace, h.session.namespace, UNANNOUNCED),
    );
    expect(lease, "no Lease for an unannounced Service").toBeUndefined();
  });

  it("failover: another node takes the Lease and answers ARP when the holder is paused", async (test) => {
    const plan = planFailover(holder, h.ctx.run.nodes, announcing);
    if (plan.kind === "skip") test.skip(plan.reason);
    if (plan.kind === "skip") return;
    const budgetMs = h.ctx.budgets.l2Failover;
    let pausedAtMs = 0;
    let pausedAt = 0;
    // A backend on the paused node would stay in the EndpointSlices until the node controller
    // gives up on it (40–50 s): HTTP would then measure that, not L2 (backend-placement.ts).
    const notes: string[] = [`backend moved off ${plan.node}: ${await moveBackendOff(plan.node)}`];
    // The watch is stopped and the node unpaused whatever throws (failover-sequence.ts).
    const { report, outcome } = await runFailoverSequence({
      startWatch: () => ArpWatch.start(lan, ip, { nodes: h.ctx.run.nodes }),
      awaitAnswers: async (watch) => {
        await waitUntil({
          name: "arpAnswered",
          budgetMs: h.ctx.budgets.arpAnswered,
          expectation: `no node answered ARP for ${ip} before the pause, so there is no failover to measure (the Lease holder case says why)`,
          // Nobody answering for an announced address is Cilium's L2 announcer failing, already seen
          // by the holder case: conformance (exit 1), not a broken machine (a fault run at 21:24).
          exitCode: ExitCode.conformanceFailed,
          observe: async () => ({
            done: watch.summary().answeredRounds >= 2,
            seen: `${watch.summary().answeredRounds} answered rounds`,
          }),
        });
        pausedAtMs = watch.elapsedMs();
        watch.mark(`paused ${plan.node}`);
        pausedAt = Date.now();
      },
      pause: () => tools.docker.pause(plan.container),
      whilePaused: async (watch) => {
        const leaseMove = await waitForLeaseMove(plan.node, pausedAt, budgetMs);
        if (!leaseMove) return { leaseMove, http: undefined };
        h.session.trackNode(leaseMove.holder);
        const remaining = () => Math.max(1000, budgetMs - (Date.now() - pausedAt));
        const newMac = h.ctx.run.nodes.find((n) => n.name === leaseMove.holder)?.lanMac.toLowerCase();
        // Only a wait: the verdict is judged from the watch's report below.
        await waitUntil({
          name: "l2Failover",
          budgetMs: remaining(),
          expectation: `${leaseMove.holder} not answering ARP alone`,
          observe: async () => {
            const current = watch.summary().current;
            return {
              done: current.length === 1 && current[0] === newMac,
              seen: `answering: ${current.join(", ") || "nobody"}`,
            };
          },
        }).catch(() => undefined);
        notes.push(await flushRunnerNeighbour());
        // An HTTP failure is kept, not thrown: the ARP verdict is the first thing to report.
        const httpRecovery = await settle(
          convergeHttp(
            http,
            { url: `http://${ip}/` },
            { namespace: h.session.namespace, podPrefix: `${BACKEND}-` },
            {
              name: "l2Failover",
              budgetMs: remaining() + h.ctx.budgets.httpConsistency,
              consecutive: h.ctx.budgets.requiredConsecutiveSuccesses,
            },
          ).then((recovered) => ({ attempts: recovered.attempts, afterMs: Date.now() - pausedAt })),
        );
        return { leaseMove, http: httpRecovery };
      },
      unpause: () => tools.docker.unpause(plan.container),
      noteCleanupFailure: (what, error) => notes.push(`could not ${what}: ${firstLine(error)}`),
    });
    await h.attach("ARP watch during failover", { ...report, notes });
    const result = judgeFailover({
      ip,
      pausedNode: plan.node,
      pausedAtMs,
      changes: report.changes,
      overlaps: report.overlaps,
      currentMacs: report.current,
      leaseMove: outcome.leaseMove,
      budgetMs,
      nodes: h.ctx.run.nodes,
      candidates: plan.candidates,
    });
    if (result.failoverMs !== undefined) {
      await h.figure(test, {
        name: "L2 failover (pause → new holder answers ARP alone)",
        value: result.failoverMs,
        unit: "ms",
        limit: budgetMs,
      });
    }
    if (outcome.http?.ok) {
      await h.figure(test, {
        name: "L2 failover HTTP recovery",
        value: outcome.http.value.afterMs,
        unit: "ms",
        note: `${outcome.http.value.attempts} requests; backend on ${plan.backendNodes.join(", ")}, never on the paused node`,
      });
    }
    for (const window of result.overlapWindows) {
      await h.figure(test, {
        name: "L2 two MACs answering",
        value: window.toMs - window.fromMs,
        unit: "ms",
        note: window.macs.join(" + "),
      });
    }
    // After the unpause: exactly one node answers again. Checked before any verdict fails the test
    // (it tells whether the cluster came back), reported after the failover verdict and HTTP.
    const reunited = await settle(arpUntilSingle(lan, ip, h.ctx.run.nodes, "l2Failover", budgetMs));
    expect(result.ok, result.message).toBe(true);
    if (outcome.http && !outcome.http.ok) throw outcome.http.error;
    if (!reunited.ok) throw reunited.error;
  });
});
