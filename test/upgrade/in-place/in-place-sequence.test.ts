import { describe, expect, it } from "vitest";
import { ExitCode, ProvisioningError } from "../../../src/errors.ts";
import type { DisruptionProbe } from "../../../src/upgrade/in-place/disruption-probe.ts";
import { renderInPlaceHuman } from "../../../src/upgrade/in-place/in-place-report.ts";
import { type InPlaceSteps, runInPlaceUpgrade } from "../../../src/upgrade/in-place/in-place-sequence.ts";
import type { LbIpSnapshot } from "../../../src/upgrade/in-place/lb-ip-snapshot.ts";
import { manualClock } from "../../../src/wait/clock.ts";
import { fakeHttpProbe, outage, type ScriptedWorld } from "./fake-probe.ts";

const budgets = { maxGapMs: 5000, settleMs: 10_000 };
const SNAPSHOT: LbIpSnapshot = {
  "gateway/cilium-gateway-homelab": ["192.168.5.30"],
  "home/dns": ["192.168.5.53"],
};

interface Script {
  world?: ScriptedWorld;
  /** How long the fake `cilium upgrade` takes on the clock. */
  upgradeMs?: number;
  crds?: boolean;
  after?: LbIpSnapshot;
  upgradeFails?: boolean;
  suites?: ExitCode;
  /** The second probe (the ARP watch) fails to start after the first one is running. */
  probesFailAfterFirst?: boolean;
}

function scripted(script: Script = {}) {
  const clock = manualClock(1_000);
  const calls: string[] = [];
  let snapshots = 0;
  const steps: InPlaceSteps = {
    clock,
    log: () => undefined,
    async snapshotLbIps() {
      calls.push("snapshot");
      snapshots += 1;
      return snapshots === 1 ? SNAPSHOT : (script.after ?? SNAPSHOT);
    },
    async startProbes(started) {
      calls.push("probes-start");
      const probe: DisruptionProbe = fakeHttpProbe(
        "http gateway gateway/homelab",
        clock,
        script.world ?? outage(0, 0),
      );
      started({
        name: probe.name,
        stop: async () => {
          calls.push("probes-stop");
          return probe.stop();
        },
      });
      if (script.probesFailAfterFirst)
        throw new ProvisioningError("probes", "no LAN client image for the ARP watch");
    },
    upgradeGatewayApiCrds: script.crds
      ? async () => {
          calls.push("crds");
          clock.advance(2_000);
        }
      : undefined,
    async upgradeCilium() {
      calls.push("cilium-upgrade");
      clock.advance(script.upgradeMs ?? 30_000);
      if (script.upgradeFails) throw new ProvisioningError("cilium-upgrade", "cilium upgrade exited 1");
    },
    async waitCiliumReady() {
      calls.push("ready");
      clock.advance(5_000);
    },
    async runSuites() {
      calls.push("suites");
      return script.suites ?? ExitCode.pass;
    },
  };
  return { steps, calls, clock };
}

describe("in-place upgrade sequence", () => {
  it("runs the steps in order: snapshot, probes, CRDs before Cilium, ready, settle, stop, snapshot, suites", async () => {
    const { steps, calls } = scripted({ crds: true });
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(calls).toEqual([
      "snapshot",
      "probes-start",
      "crds",
      "cilium-upgrade",
      "ready",
      "probes-stop",
      "snapshot",
      "suites",
    ]);
    expect(result.phases.map((p) => [p.phase, p.status, p.durationMs])).toEqual([
      ["lb-ips-before", "ok", 0],
      ["probes-start", "ok", 0],
      ["gateway-api-crds", "ok", 2000],
      ["cilium-upgrade", "ok", 30000],
      ["cilium-ready", "ok", 5000],
      ["settle", "ok", 10000],
      ["probes-stop", "ok", 0],
      ["lb-ips-after", "ok", 0],
      ["suites", "ok", 0],
    ]);
    expect(result.exitCode).toBe(ExitCode.pass);
    expect(result.failures).toEqual([]);
  });

  it("skips the CRD step when the candidate needs the CRDs the cluster has", async () => {
    const { steps, calls } = scripted();
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(calls).not.toContain("crds");
    expect(result.phases.find((p) => p.phase === "gateway-api-crds")?.status).toBe("skipped");
  });

  it("accounts the disruption: failed requests and the longest gap, within budget", async () => {
    // Down from 10.0 s to 12.4 s of the clock (the probe starts at 1.0 s).
    const { steps } = scripted({ world: outage(10_000, 12_400) });
    const result = await runInPlaceUpgrade(steps, budgets);
    const [measure] = result.disruption;
    expect(measure).toMatchObject({ failed: 12, outages: 1, recovered: true, longestGapMs: 2600 });
    expect(measure?.total).toBe(226);
    expect(measure?.notes[0]).toContain("outage at +9.0s for 2400 ms (12 failed): no response: ECONNREFUSED");
    expect(result.exitCode).toBe(ExitCode.pass);
  });

  it("fails (exit 1) when the longest gap exceeds the budget, and still runs the suites", async () => {
    const { steps, calls } = scripted({ world: outage(10_000, 20_000) });
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(result.exitCode).toBe(ExitCode.conformanceFailed);
    expect(result.failures).toEqual([
      "http gateway gateway/homelab: longest gap 10200 ms (budget 5000 ms), 50/226 failed",
    ]);
    expect(calls.at(-1)).toBe("suites");
  });

  it("fails when the path never came back", async () => {
    const { steps } = scripted({ world: outage(30_000, Number.POSITIVE_INFINITY) });
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(result.disruption[0]?.recovered).toBe(false);
    expect(result.failures[0]).toContain("did not recover");
  });

  it("fails when a LoadBalancer IP changed or was lost, naming the Service", async () => {
    const { steps } = scripted({
      after: {
        "gateway/cilium-gateway-homelab": ["192.168.5.31"],
        "home/dns": [],
        "home/new": ["192.168.5.60"],
      },
    });
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(result.exitCode).toBe(ExitCode.conformanceFailed);
    expect(result.failures).toEqual([
      "LoadBalancer IP of gateway/cilium-gateway-homelab changed: 192.168.5.30 → 192.168.5.31",
      "LoadBalancer IP of home/dns lost: 192.168.5.53 → none",
    ]);
    expect(result.lbIpChanges.map((c) => c.kind)).toEqual(["changed", "lost", "gained"]);
  });

  it("stops the probes and skips the suites when the upgrade itself fails (exit 3)", async () => {
    const { steps, calls } = scripted({ upgradeFails: true, crds: true });
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(calls).toEqual(["snapshot", "probes-start", "crds", "cilium-upgrade", "probes-stop"]);
    expect(result.exitCode).toBe(ExitCode.environment);
    expect(result.failures).toEqual(["cilium upgrade exited 1"]);
    expect(result.disruption).toHaveLength(1);
    expect(renderInPlaceHuman(result, budgets, { from: "1.18.11", to: "1.19.5" })).toContain(
      "not compared (the upgrade did not finish)",
    );
  });

  it("passes the suites' verdict on: a failed suite is exit 1, a broken environment exit 3", async () => {
    expect(
      (await runInPlaceUpgrade(scripted({ suites: ExitCode.conformanceFailed }).steps, budgets)).exitCode,
    ).toBe(ExitCode.conformanceFailed);
    expect(
      (await runInPlaceUpgrade(scripted({ suites: ExitCode.environment }).steps, budgets)).exitCode,
    ).toBe(ExitCode.environment);
  });

  it("reports a probe that could not measure as a failure instead of dropping it", async () => {
    const { steps } = scripted();
    steps.startProbes = async (started) => {
      started({
        name: "arp 192.168.5.30",
        stop: async () => {
          throw new Error("ARP watch of 192.168.5.30 stopped after 3 failed rounds in a row");
        },
      });
    };
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(result.failures).toEqual([
      "probe arp 192.168.5.30 could not report: ARP watch of 192.168.5.30 stopped after 3 failed rounds in a row",
    ]);
    expect(result.exitCode).toBe(ExitCode.conformanceFailed);
  });
  it("stops the probes already running when starting the next one fails, and upgrades nothing", async () => {
    const { steps, calls } = scripted({ probesFailAfterFirst: true });
    const result = await runInPlaceUpgrade(steps, budgets);
    expect(calls).toEqual(["snapshot", "probes-start", "probes-stop"]);
    expect(result.exitCode).toBe(ExitCode.environment);
    expect(result.failures).toEqual(["no LAN client image for the ARP watch"]);
  });
});
