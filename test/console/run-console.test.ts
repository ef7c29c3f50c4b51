// What `run` prints, pinned on a fake clock: the phase lines on stderr as the stages run, then the
// summary on stdout — verdict first, what failed with the first line of why and where to look,
// the counts every report file carries, the report's paths.

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRules } from "../../src/checks/run-checks.ts";
import { executeRun } from "../../src/cli/run-command.ts";
import type { RunContext } from "../../src/cluster/run-context.ts";
import type { RunPipelineDeps } from "../../src/conformance/run-pipeline.ts";
import { emitProgress } from "../../src/console/progress-events.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import { PreflightError } from "../../src/tools/preflight.ts";
import { manualClock } from "../../src/wait/clock.ts";

const RUN_ID = "20261126-210000-beef";
/** One static-check case per rule: the counts follow the rule set. */
const RULES = checkRules.length;

async function sandbox() {
  const cwd = await mkdtemp(join(tmpdir(), "cc-run-console-"));
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    // An empty chart cache: the values-key rule says so (one info), the same on every machine.
    env: { PATH: cwd, CILIUM_CONFORMANCE_RUN_ID: RUN_ID, COLUMNS: "100", CILIUM_CONFORMANCE_CACHE_DIR: cwd },
    cwd,
  };
  return { io, out, err };
}

function context(plan: RunPlan, dir: string): RunContext {
  return {
    schemaVersion: 1,
    runId: plan.runId,
    clusterName: plan.clusterName,
    kubeconfigPath: join(dir, "kubeconfig"),
    kubeContext: plan.kubeContext,
    ciliumNamespace: plan.cilium.namespace,
    repoRoot: plan.repoRoot,
    network: {
      name: plan.lan.networkName,
      subnet: plan.lan.subnet,
      gateway: plan.lan.gateway,
      ipRange: plan.lan.ipRange,
    },
    nodes: [],
    versions: {
      cilium: "1.18.11",
      chart: "1.18.11",
      kind: "v0.31.0",
      nodeImage: "kindest/node:v1.35.0",
      gatewayApi: "v1.2.0",
    },
    planPath: join(dir, "plan.json"),
    reportDir: dir,
    createdAt: "2026-11-26T21:00:00Z",
    phaseDurationsMs: { "kind-cluster": 61_000 },
  };
}

function deps(clock: ReturnType<typeof manualClock>, upFails: boolean): RunPipelineDeps {
  return {
    up: async (plan) => {
      emitProgress({ kind: "phase-start", phase: "up: preflight" });
      clock.advance(300);
      if (upFails) {
        emitProgress({ kind: "phase-end", phase: "up: preflight", status: "failed", durationMs: 300 });
        throw new PreflightError([
          {
            code: "CC_ENV_TOOL_MISSING",
            what: "kind was not found (looked in: .tools/bin/kind, PATH (kind))",
            fix: "run `scripts/install-tools.sh`",
          },
          {
            code: "CC_ENV_TOOL_MISSING",
            what: "the cilium CLI was not found",
            fix: "run `scripts/install-tools.sh`",
          },
        ]);
      }
      emitProgress({ kind: "phase-end", phase: "up: preflight", status: "ok", durationMs: 300 });
      emitProgress({ kind: "phase-start", phase: "up: kind-cluster", budgetMs: 900_000 });
      clock.advance(15_000);
      clock.advance(15_000);
      emitProgress({ kind: "phase-end", phase: "up: kind-cluster", status: "ok", durationMs: 61_000 });
      const dir = join(plan.repoRoot, "..");
      return { context: context(plan, dir), contextFile: join(dir, "run-context.json") };
    },
    test: {
      checkCluster: async () => undefined,
      runSuites: async () => {
        emitProgress({ kind: "suite-start", suite: "lb-ipam", title: "LB-IPAM" });
        emitProgress({
          kind: "case-start",
          suite: "lb-ipam",
          name: "LB-IPAM > a pool is applied",
          budgetMs: 600_000,
        });
        clock.advance(2000);
        emitProgress({
          kind: "case-end",
          suite: "lb-ipam",
          name: "LB-IPAM > a pool is applied",
          status: "passed",
          durationMs: 2000,
        });
        emitProgress({
          kind: "case-start",
          suite: "lb-ipam",
          name: "LB-IPAM > a requested IP is honoured",
          budgetMs: 600_000,
        });
        clock.advance(19_000);
        emitProgress({ kind: "wait-start", wait: "lbIpAssigned", budgetMs: 60_000, expectation: "no IP" });
        emitProgress({
          kind: "wait-seen",
          wait: "lbIpAssigned",
          seen: "IPAMRequestSatisfied=False reason=no_pool",
        });
        clock.advance(10_000);
        clock.advance(10_000);
        emitProgress({ kind: "wait-end", wait: "lbIpAssigned", ok: false, elapsedMs: 60_000 });
        const message = "lbIpAssigned: no IP after 60s (last: IPAMRequestSatisfied=False reason=no_pool)";
        emitProgress({
          kind: "case-end",
          suite: "lb-ipam",
          name: "LB-IPAM > a requested IP is honoured",
          status: "failed",
          durationMs: 60_000,
          message,
        });
        return [
          {
            name: "lb-ipam",
            title: "LB-IPAM",
            source: "vitest",
            cases: [
              { name: "LB-IPAM > a pool is applied", status: "passed", durationMs: 2000 },
              {
                name: "LB-IPAM > a requested IP is honoured",
                status: "failed",
                durationMs: 60_000,
                failureMessage: message,
              },
            ],
          },
        ];
      },
      readConnectivityOutcome: async () => undefined,
      clock: () => clock.now(),
    },
    down: async () => "removed kind cluster, network",
    clock: () => clock.now(),
    now: () => new Date("2026-11-26T21:00:00Z"),
  };
}

const input = (options: Record<string, unknown>) => ({ options: options as never, positionals: [] });

/** stderr from the line after the static findings (which `check` tests pin) to the end. */
function afterFindings(err: string[]): string {
  const text = err.join("");
  return text.slice(text.indexOf(`run ${RUN_ID}:`));
}

describe("run's console", () => {
  it("tells a failed run's story: phases, cases, a heartbeat with the wait's last observation, then the summary", async () => {
    const s = await sandbox();
    const clock = manualClock();
    expect(await executeRun(input({ suite: ["lb-ipam"] }), s.io, deps(clock, false), clock)).toBe(1);
    const err = s.err.join("");
    expect(err).toMatch(
      /^check: fixtures\/homelab \(embedded\): chart cilium 1\.18\.11, \d+ files, \d+ rules\n/,
    );
    expect(err).toContain("2 errors, 1 warning, 3 info in 0 ms\n");
    expect(afterFindings(s.err)).toBe(
      [
        `run ${RUN_ID}: cluster cc-${RUN_ID}, LAN 192.168.5.0/24`,
        `✖ check failed (0 ms) — ${checkRules.length} rules: 2 errors, 1 warning, 3 info`,
        `▶ up — cluster cc-${RUN_ID}, LAN 192.168.5.0/24 (cc-lan-${RUN_ID})`,
        "▶ up: preflight",
        "✔ up: preflight 300 ms",
        "▶ up: kind-cluster (budget 15m)",
        "    ⋯ still in up: kind-cluster: 30.0 s of 15m",
        "✔ up: kind-cluster 1m 01s of 15m",
        "✔ up 30.3 s",
        `▶ cluster access — cc-${RUN_ID} (run ${RUN_ID})`,
        "✔ cluster access 0 ms",
        "▶ suites — lb-ipam",
        "▶ suite LB-IPAM",
        "  … LB-IPAM > a pool is applied",
        "  ✔ LB-IPAM > a pool is applied 2.0 s of 10m",
        "  … LB-IPAM > a requested IP is honoured",
        "    ⋯ waiting for lbIpAssigned (no IP): 20.0 s of 1m — last: IPAMRequestSatisfied=False reason=no_pool",
        "  ✖ LB-IPAM > a requested IP is honoured 1m 00s of 10m",
        "      lbIpAssigned: no IP after 60s (last: IPAMRequestSatisfied=False reason=no_pool)",
        "✔ suites 41.0 s",
        "▶ down",
        "✔ down 0 ms — removed kind cluster, network",
        "cluster: removed kind cluster, network",
        "",
      ].join("\n"),
    );
    const dir = `reports/${RUN_ID}`;
    const lines = s.out.join("").split("\n");
    // The rule's headline, what is wrong and the fix: the static-check tests pin its wording.
    expect(lines.splice(5, 1)[0]).toMatch(
      /^ {6}infra\/configs\/cilium\/load-balancer-ip-pool\.yaml:8: CiliumLoadBalancerIPPool home-compute-pool: block .* includes 192\.168\.5\.255, the broadcast address .* Fix: set `stop: 192\.168\.5\.254`\.$/,
    );
    expect(lines.splice(6, 1)[0]).toMatch(
      /^ {6}apps\/pihole\/dns-services\.yaml:9: Service pihole\/pihole-dns-udp and Service pihole\/pihole-dns-tcp share 192\.168\.5\.53 .* Fix: merge pihole\/pihole-dns-udp and pihole\/pihole-dns-tcp into one LoadBalancer Service/,
    );
    expect(lines).toEqual([
      "",
      "✖ FAILED — 1 of 3 checks failed (LB-IPAM); 2 static-check error(s)",
      "",
      "What failed:",
      "  ✖ Static checks of the repo › pool-lan-collisions: Pools stay clear of the LAN's network and broadcast address, its gateway and its DHCP range, and inside the LAN",
      "  ✖ Static checks of the repo › l2-shared-ip-leases: No LB IP is shared (sharing key) by several LoadBalancer Services that L2 policies announce: each has its own Lease",
      "  ✖ LB-IPAM › LB-IPAM > a requested IP is honoured",
      "      lbIpAssigned: no IP after 60s (last: IPAMRequestSatisfied=False reason=no_pool)",
      `      look at: ${dir}/suites/lb-ipam/`,
      "",
      `Cases: ${RULES} passed, 3 failed of ${RULES + 3}`,
      `  ✖ Static checks of the repo: ${RULES - 2} passed, 2 failed of ${RULES}`,
      "  ✔ Provisioning: 1 passed of 1",
      "  ✖ LB-IPAM: 1 passed, 1 failed of 2",
      "",
      "Report:",
      `  summary     ${dir}/summary.md`,
      `  junit       ${dir}/junit.xml`,
      `  allure      ${dir}/allure-results (HTML: cilium-conformance report --run-dir ${dir})`,
      `  data        ${dir}/report.json`,
      "",
      "exit 1",
      "",
    ]);
  });

  it("shows the preflight problems and their fixes when up stops at preflight, and what did not run", async () => {
    const s = await sandbox();
    const clock = manualClock();
    expect(await executeRun(input({ suite: ["lb-ipam", "hubble"] }), s.io, deps(clock, true), clock)).toBe(3);
    expect(afterFindings(s.err)).toBe(
      [
        `run ${RUN_ID}: cluster cc-${RUN_ID}, LAN 192.168.5.0/24`,
        `✖ check failed (0 ms) — ${checkRules.length} rules: 2 errors, 1 warning, 3 info`,
        `▶ up — cluster cc-${RUN_ID}, LAN 192.168.5.0/24 (cc-lan-${RUN_ID})`,
        "▶ up: preflight",
        "✖ up: preflight failed (300 ms)",
        "✖ up failed (300 ms) — in preflight",
        "– test skipped — no cluster",
        "cluster: nothing was created (preflight failed)",
        "",
      ].join("\n"),
    );
    const out = s.out.join("");
    expect(out.split("\n")[1]).toBe(
      "⚠ INFRASTRUCTURE FAILURE — nothing was proven: [CC_ENV_TOOL_MISSING] preflight: this machine cannot stand up the cluster (2 problems): kind was not found (looked in: .tools/bin/kind, PATH (kind)); the cilium CLI was not found; the static check also found 2 error(s)",
    );
    expect(out).toContain(
      [
        "  ⚠ Provisioning › Infrastructure/Provisioning",
        "      [CC_ENV_TOOL_MISSING] preflight: this machine cannot stand up the cluster (2 problems):",
        "        1. kind was not found (looked in: .tools/bin/kind, PATH (kind))",
        "           fix: run `scripts/install-tools.sh`",
        "        2. the cilium CLI was not found",
        "           fix: run `scripts/install-tools.sh`",
        "      fix: fix the problems above, then run the command again",
      ].join("\n"),
    );
    expect(out).toContain(
      [
        `Cases: ${RULES - 2} passed, 2 failed, 1 broken, 2 skipped of ${RULES + 3}`,
        `  ✖ Static checks of the repo: ${RULES - 2} passed, 2 failed of ${RULES}`,
        "  ⚠ Provisioning: 1 broken of 1",
        "  – LB-IPAM: 1 skipped of 1",
        "  – Hubble: 1 skipped of 1",
      ].join("\n"),
    );
  });
});
