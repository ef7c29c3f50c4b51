import { describe, expect, it } from "vitest";
import { createConsole } from "../../src/console/console-reporter.ts";
import { manualClock } from "../../src/wait/clock.ts";

function consoleOn(options: { quiet?: boolean; verbose?: boolean } = {}) {
  const clock = manualClock();
  const lines: string[] = [];
  const runConsole = createConsole({
    write: (text) => lines.push(text),
    clock,
    heartbeatMs: 20_000,
    ...options,
  });
  return { clock, lines, runConsole, text: () => lines.join("") };
}

describe("the run console", () => {
  it("prints one line when a phase starts and one when it ends, with its time against its budget", () => {
    const { clock, runConsole, text } = consoleOn();
    runConsole.handle({ kind: "phase-start", phase: "up: kind-cluster", budgetMs: 900_000 });
    clock.advance(1000);
    runConsole.handle({ kind: "phase-end", phase: "up: kind-cluster", status: "ok", durationMs: 62_000 });
    runConsole.handle({ kind: "phase-start", phase: "up: cilium-ready", budgetMs: 360_000 });
    runConsole.handle({
      kind: "phase-end",
      phase: "up: cilium-ready",
      status: "failed",
      durationMs: 360_400,
      detail: "ciliumReady",
    });
    runConsole.handle({
      kind: "phase-end",
      phase: "test",
      status: "skipped",
      durationMs: 0,
      detail: "no cluster",
    });
    runConsole.close();
    expect(text()).toBe(
      [
        "▶ up: kind-cluster (budget 15m)",
        "✔ up: kind-cluster 1m 02s of 15m",
        "▶ up: cilium-ready (budget 6m)",
        "✖ up: cilium-ready failed (6m 00s of 6m) — ciliumReady",
        "– test skipped — no cluster",
        "",
      ].join("\n"),
    );
  });

  it("names each suite and each case as it starts and ends; a failure with the first line of why", () => {
    const { clock, runConsole, text } = consoleOn();
    runConsole.handle({ kind: "suite-start", suite: "lb-ipam", title: "LB-IPAM" });
    runConsole.handle({
      kind: "case-start",
      suite: "lb-ipam",
      name: "LB-IPAM > pools applied",
      budgetMs: 600_000,
    });
    clock.advance(19_000);
    runConsole.handle({
      kind: "case-end",
      suite: "lb-ipam",
      name: "LB-IPAM > pools applied",
      status: "passed",
      durationMs: 2100,
    });
    runConsole.handle({ kind: "case-start", suite: "lb-ipam", name: "LB-IPAM > requested IP" });
    runConsole.handle({
      kind: "case-end",
      suite: "lb-ipam",
      name: "LB-IPAM > requested IP",
      status: "failed",
      durationMs: 60_000,
      message: "lbIpAssigned: no IP after 60s (last: IPAMRequestSatisfied=False reason=no_pool)",
    });
    runConsole.handle({
      kind: "case-end",
      suite: "lb-ipam",
      name: "LB-IPAM > shared IP",
      status: "skipped",
      durationMs: 0,
      message: "not run: the suite's setup failed",
    });
    runConsole.close();
    expect(text()).toBe(
      [
        "▶ suite LB-IPAM",
        "  … LB-IPAM > pools applied",
        "  ✔ LB-IPAM > pools applied 2.1 s of 10m",
        "  … LB-IPAM > requested IP",
        "  ✖ LB-IPAM > requested IP 1m 00s",
        "      lbIpAssigned: no IP after 60s (last: IPAMRequestSatisfied=False reason=no_pool)",
        "  – LB-IPAM > shared IP skipped: not run: the suite's setup failed",
        "",
      ].join("\n"),
    );
  });

  it("beats every 20 s of silence while a long wait runs, with what the wait last saw", () => {
    const { clock, runConsole, lines } = consoleOn();
    runConsole.handle({ kind: "phase-start", phase: "up: cilium-ready", budgetMs: 360_000 });
    runConsole.handle({
      kind: "wait-start",
      wait: "ciliumReady",
      budgetMs: 300_000,
      expectation: "Cilium not ready",
    });
    clock.advance(10_000);
    expect(lines).toHaveLength(1);
    runConsole.handle({
      kind: "wait-seen",
      wait: "ciliumReady",
      seen: "2/3 agents ready, cc-worker2 CrashLoopBackOff",
    });
    clock.advance(10_000);
    clock.advance(20_000);
    runConsole.handle({ kind: "wait-end", wait: "ciliumReady", ok: true, elapsedMs: 45_000 });
    clock.advance(20_000);
    runConsole.close();
    clock.advance(60_000);
    expect(lines.slice(1)).toEqual([
      "    ⋯ waiting for ciliumReady (Cilium not ready): 20.0 s of 5m — last: 2/3 agents ready, cc-worker2 CrashLoopBackOff\n",
      "    ⋯ waiting for ciliumReady (Cilium not ready): 40.0 s of 5m — last: 2/3 agents ready, cc-worker2 CrashLoopBackOff\n",
      // The wait is over; the phase is still running.
      "    ⋯ still in up: cilium-ready: 1m 00s of 6m\n",
    ]);
  });

  it("does not beat while something else is printing", () => {
    const { clock, runConsole, lines } = consoleOn();
    runConsole.handle({ kind: "phase-start", phase: "suites" });
    for (let i = 1; i <= 6; i++) {
      clock.advance(15_000);
      runConsole.handle({
        kind: "tool-test",
        tool: "cilium connectivity test",
        index: i,
        total: 107,
        test: `test-${i}`,
      });
    }
    runConsole.close();
    expect(lines.filter((line) => line.includes("⋯"))).toEqual([]);
  });

  it("streams cilium-cli's [i/n] progress, skips and failed actions", () => {
    const { runConsole, text } = consoleOn();
    runConsole.handle({
      kind: "tool-test",
      tool: "cilium connectivity test",
      index: 12,
      total: 107,
      test: "client-egress-l7",
    });
    runConsole.handle({
      kind: "tool-failure",
      tool: "cilium connectivity test",
      line: '❌ command "curl …" failed: exit code 28',
    });
    runConsole.handle({
      kind: "tool-test",
      tool: "cilium connectivity test",
      index: 13,
      total: 107,
      test: "to-fqdns",
      skipped: "skipped by user",
    });
    runConsole.close();
    expect(text()).toBe(
      [
        "    [12/107] client-egress-l7",
        '      ❌ command "curl …" failed: exit code 28',
        "    [13/107] to-fqdns skipped (skipped by user)",
        "",
      ].join("\n"),
    );
  });

  it("--quiet keeps phase results and failures only; --verbose adds details and waits", () => {
    const quiet = consoleOn({ quiet: true });
    quiet.runConsole.handle({ kind: "phase-start", phase: "suites" });
    quiet.runConsole.handle({ kind: "case-start", suite: "s", name: "a" });
    quiet.runConsole.handle({ kind: "case-end", suite: "s", name: "a", status: "passed", durationMs: 5 });
    quiet.runConsole.handle({
      kind: "case-end",
      suite: "s",
      name: "b",
      status: "broken",
      durationMs: 5,
      message: "[CC_ENV_CONTEXT_MISSING] no run context",
    });
    quiet.runConsole.handle({ kind: "tool-test", tool: "t", index: 1, total: 2, test: "x" });
    quiet.runConsole.handle({ kind: "detail", line: "$ docker ps" });
    quiet.runConsole.handle({ kind: "phase-end", phase: "suites", status: "ok", durationMs: 10 });
    quiet.clock.advance(60_000);
    quiet.runConsole.close();
    expect(quiet.text()).toBe(
      ["  ⚠ b 5 ms", "      [CC_ENV_CONTEXT_MISSING] no run context", "✔ suites 10 ms", ""].join("\n"),
    );

    const verbose = consoleOn({ verbose: true });
    verbose.runConsole.handle({ kind: "detail", line: "[07:00:00] $ docker ps" });
    verbose.runConsole.handle({ kind: "wait-start", wait: "podsReady", budgetMs: 120_000, expectation: "x" });
    verbose.runConsole.handle({ kind: "wait-end", wait: "podsReady", ok: true, elapsedMs: 3200 });
    verbose.runConsole.close();
    expect(verbose.text()).toBe(
      ["    [07:00:00] $ docker ps", "    ⏳ podsReady (budget 2m)", "    ✔ podsReady after 3.2 s", ""].join(
        "\n",
      ),
    );
  });
});
