import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../../src/errors.ts";
import { provisioningSuite } from "../../src/report/provisioning-suite.ts";
import { duration, renderSummary } from "../../src/report/summary-writer.ts";
import { sampleReport } from "./sample-report.ts";

describe("renderSummary", () => {
  it("leads with the verdict and the failed checks", () => {
    const text = renderSummary(sampleReport());
    const lines = text.split("\n");
    expect(lines[0]).toBe("# ❌ FAILED — 2 of 8 checks failed (L2 announcements, cilium connectivity test)");
    expect(lines[2]).toBe(
      "**Static check:** ✅ no error, 1 warning(s) · **Live (kind):** ❌ 2 of 8 checks failed",
    );
    expect(lines[4]).toContain("Cilium 1.18.3 · kind v0.31.0");
    expect(lines[4]).toContain("took 12m 30s");
    // "What failed" comes before everything else, with the first line of each failure.
    expect(text.indexOf("## What failed")).toBeLessThan(text.indexOf("## Suites"));
    expect(text).toContain(
      "| L2 announcements | failover to another node | l2Failover: no new holder answered after 30s (last: lease holder cc-worker2, ARP silent) |",
    );
    expect(text).not.toContain("see Cilium #48626");
  });

  it("has the per-suite table, figures, connectivity counts, deviations, timings and links", () => {
    const text = renderSummary(sampleReport());
    expect(text).toContain("| L2 announcements | ❌ failed | 1 | 1 | 0 | 44.5 s |");
    expect(text).toContain("| LB-IPAM | ✅ passed | 2 | 0 | 0 | 6.4 s |");
    expect(text).toContain(
      "| L2 announcements | failover to another node | failover time | 31.2 s | 30 s ❌ | two MACs answered for 0 ms |",
    );
    expect(text).toContain("1 passed, 1 failed, 1 skipped of 3 tests.");
    expect(text).toContain(
      "- **client-egress-l7**: 1 action(s) failed, first pod-to-pod:curl-ipv4-2 (a -&gt; b)",
    );
    // A pipe in a cell must not split the table.
    expect(text).toContain(
      "| devices | eth0\\|enp1s0 | eth0 | kind nodes have one interface \\| named eth0 |",
    );
    expect(text).toContain("| kind create | 1m 02s | ok |");
    expect(text).toContain(
      "- L2 announcements › exactly one MAC answers ARP: [ARP transcript](attachments/arp-1.txt)",
    );
    expect(text).toContain(
      "| warning | pool-range-includes-broadcast | infra/pool.yaml:9 | the pool ends at .255 \\| the broadcast |",
    );
    expect(text).toContain("| Static checks of the repo | ✅ passed | 2 | 0 | 0 | 46 ms |");
    expect(text).toContain("Exit code 1.");
  });

  it("says PASSED with the count when nothing failed", () => {
    const model = sampleReport();
    model.suites = model.suites.filter((suite) => suite.name === "lb-ipam");
    const text = renderSummary(model);
    expect(text.split("\n")[0]).toBe("# ✅ PASSED — all 2 checks passed");
    expect(text).not.toContain("## What failed");
    expect(text).toContain("Exit code 0.");
  });

  it("says INFRASTRUCTURE FAILURE with the provisioning error when no cluster came up", () => {
    const model = sampleReport();
    model.suites = [
      provisioningSuite({
        durationMs: 40,
        failedPhase: "preflight",
        error: new EnvironmentError(
          "CC_ENV_DOCKER_UNREACHABLE",
          "Docker is not reachable at /var/run/docker.sock",
          {
            hint: "start the Docker engine",
          },
        ),
      }),
    ];
    const text = renderSummary(model);
    expect(text.split("\n")[0]).toBe(
      "# ⚠️ INFRASTRUCTURE FAILURE — nothing was proven: preflight: [CC_ENV_DOCKER_UNREACHABLE] Docker is not reachable at /var/run/docker.sock",
    );
    expect(text).toContain("Exit code 3.");
  });

  it("puts a multi-line infrastructure failure in full below the table, its causes in the headline", () => {
    const model = sampleReport();
    model.suites = [
      provisioningSuite({
        durationMs: 70,
        failedPhase: "preflight",
        error: new EnvironmentError(
          "CC_ENV_UNSUPPORTED_HOST",
          "preflight: this machine cannot stand up the cluster (2 problems):\n  1. kind was not found\n     fix: run `scripts/install-tools.sh`\n  2. the cilium CLI was not found",
        ),
      }),
    ];
    const text = renderSummary(model);
    expect(text.split("\n")[0]).toBe(
      "# ⚠️ INFRASTRUCTURE FAILURE — nothing was proven: [CC_ENV_UNSUPPORTED_HOST] preflight: this machine cannot stand up the cluster (2 problems): kind was not found; the cilium CLI was not found",
    );
    expect(text).toContain(
      "### ⚠️ Infrastructure/Provisioning\n\n```\n[CC_ENV_UNSUPPORTED_HOST] preflight: this machine cannot stand up the cluster (2 problems):\n  1. kind was not found\n     fix: run `scripts/install-tools.sh`\n  2. the cilium CLI was not found\n```",
    );
  });

  it("fails the run on a static-check error even when every suite passed", () => {
    const model = sampleReport();
    model.suites = [];
    model.findings = [{ id: "x", severity: "error", message: "bad pool", file: "a.yaml", line: 1 }];
    expect(renderSummary(model).split("\n")[0]).toBe("# ❌ FAILED — 1 static-check error(s)");
  });
});

describe("how a static error and the live result combine", () => {
  const staticError = {
    id: "pool-includes-broadcast-address",
    severity: "error" as const,
    message: "pool ends on .255",
    file: "pool.yaml",
    line: 8,
  };

  it("a static error with a live pass: exit 1, and the summary says the live checks passed", () => {
    const model = sampleReport();
    model.suites = model.suites.filter((suite) => suite.name === "lb-ipam");
    model.findings = [staticError];
    const lines = renderSummary(model).split("\n");
    expect(lines[0]).toBe("# ❌ FAILED — 1 static-check error(s); the 2 live checks passed");
    expect(lines[2]).toBe(
      "**Static check:** ❌ 1 error(s), 0 warning(s) · **Live (kind):** ✅ 2 checks passed",
    );
    expect(lines.at(-2)).toMatch(/^Exit code 1\./);
  });

  it("an environment failure in one suite after others passed says what was proven, and where it failed", () => {
    const model = sampleReport();
    model.findings = [staticError];
    const lbIpam = model.suites.find((suite) => suite.name === "lb-ipam");
    if (!lbIpam) throw new Error("the sample report has no lb-ipam suite");
    model.suites = [
      lbIpam,
      {
        ...lbIpam,
        name: "hubble",
        title: "Hubble",
        cases: [
          {
            name: "the suite's own traffic shows as FORWARDED flows",
            status: "broken",
            durationMs: 120_000,
            infrastructure: true,
            failureMessage:
              "[CC_WAIT_TIMEOUT] podsReady: the client pod could not reach the echo backend after 120s",
          },
        ],
      },
    ];
    const lines = renderSummary(model).split("\n");
    expect(lines[0]).toBe(
      "# ⚠️ INFRASTRUCTURE FAILURE — not everything was proven: [CC_WAIT_TIMEOUT] podsReady: the client pod could not reach the echo backend after 120s (Hubble); 2 of 3 live checks passed; the static check also found 1 error(s)",
    );
    expect(lines[2]).toBe(
      "**Static check:** ❌ 1 error(s), 0 warning(s) · **Live (kind):** ⚠️ infrastructure failure; 2 of 3 checks passed",
    );
  });

  it("a static error with an infrastructure failure: exit 3, and the headline still names the static error", () => {
    const model = sampleReport();
    model.findings = [staticError];
    model.suites = [
      provisioningSuite({
        durationMs: 40,
        failedPhase: "cilium-ready",
        error: new EnvironmentError("CC_ENV_DOCKER_UNREACHABLE", "Docker went away"),
      }),
    ];
    const text = renderSummary(model);
    expect(text.split("\n")[0]).toBe(
      "# ⚠️ INFRASTRUCTURE FAILURE — nothing was proven: cilium-ready: [CC_ENV_DOCKER_UNREACHABLE] Docker went away; the static check also found 1 error(s)",
    );
    expect(text.split("\n")[2]).toBe(
      "**Static check:** ❌ 1 error(s), 0 warning(s) · **Live (kind):** ⚠️ not proven (infrastructure failure)",
    );
    expect(text).toContain("Exit code 3.");
  });

  it("nothing live (static check only, --fail-fast): the live half says it did not run", () => {
    const model = sampleReport();
    model.suites = [];
    model.findings = [staticError];
    expect(renderSummary(model).split("\n")[2]).toBe(
      "**Static check:** ❌ 1 error(s), 0 warning(s) · **Live (kind):** ⏭️ not run",
    );
  });
});

describe("duration", () => {
  it("reads well at every scale", () => {
    expect(duration(850)).toBe("850 ms");
    expect(duration(4300)).toBe("4.3 s");
    expect(duration(61_500)).toBe("1m 02s");
    expect(duration(Number.NaN)).toBe("—");
  });
});
