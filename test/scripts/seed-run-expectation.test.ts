// The one expectation of `run` on the seed repo (ci-rehearsal.sh and live.yml) stays what `check`
// and the repo-contracts suite derive from fixtures/homelab.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SEED_RUN_EXPECTATION } from "../../scripts/seed-run-expectation.ts";
import { runChecks } from "../../src/checks/run-checks.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { sampleReport } from "../report/sample-report.ts";

const root = join(import.meta.dirname, "..", "..");
const model = loadInfraRepo(join(root, "fixtures/homelab"));
const findings = runChecks(model);

describe("SEED_RUN_EXPECTATION", () => {
  it("names exactly the static errors `check` finds in the seed, both of them", () => {
    const errors = [...new Set(findings.filter((f) => f.severity === "error").map((f) => f.id))].sort();
    expect(errors).toEqual(["l2-shared-ip-leases", "pool-includes-broadcast-address"]);
    expect([...SEED_RUN_EXPECTATION.staticErrors].sort()).toEqual(errors);
  });

  it("expects live red exactly the repo-contracts cases of the Services the l2-shared-ip-leases error names", () => {
    const shared = findings.find((f) => f.id === "l2-shared-ip-leases");
    const named = (model.services ?? []).filter((s) =>
      shared?.message.includes(`Service ${s.namespace}/${s.name} `),
    );
    expect(named).toHaveLength(2);
    expect(SEED_RUN_EXPECTATION.live).toBe("failed");
    // The repo-contracts case of a Service is titled `Service <ns>/<name> (<file>:<line>)`.
    expect(SEED_RUN_EXPECTATION.failedCases).toEqual(named.map((s) => `Service ${s.namespace}/${s.name} (`));
  });

  it("is what ci-rehearsal.sh judges the seed's rehearsal by", () => {
    const script = readFileSync(join(root, "scripts/ci-rehearsal.sh"), "utf8");
    expect(script).toMatch(/^rehearse --seed --$/m);
    expect(script).not.toContain("--static-errors");
  });
});

describe("expect-run-result.ts --seed", () => {
  const script = join(root, "scripts/expect-run-result.ts");
  const run = (args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { encoding: "utf8", env: {} });

  it("judges by the seed's expectation, and refuses it mixed with explicit expectations (exit 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-seed-"));
    try {
      const report = join(dir, "report.json");
      const seedLike = sampleReport();
      seedLike.findings = SEED_RUN_EXPECTATION.staticErrors.map((id) => ({
        id,
        severity: "error" as const,
        message: "m",
        file: "f.yaml",
        line: 1,
      }));
      const pihole = (name: string, line: number) => ({
        name: `Service pihole/${name} (apps/pihole/dns-services.yaml:${line}) > ARP: one MAC answers 192.168.5.53`,
        status: "failed" as const,
        durationMs: 1,
      });
      const asExpected = {
        ...seedLike,
        suites: [
          ...seedLike.suites.filter((suite) => ["static-checks", "provisioning"].includes(suite.source)),
          {
            name: "repo-contracts",
            title: "Repo contracts",
            source: "vitest" as const,
            cases: [
              pihole("pihole-dns-udp", 3),
              pihole("pihole-dns-tcp", 20),
              { name: "Service gateway/x (a.yaml:1) > HTTP", status: "passed" as const, durationMs: 1 },
            ],
          },
        ],
      };
      writeFileSync(report, JSON.stringify(asExpected));
      expect(run(["--report", report, "--exit-code", "1", "--seed"]).stdout).toContain("✅ as expected");
      writeFileSync(report, JSON.stringify(seedLike));
      // sampleReport's live failures are not the Pi-hole pair's cases: --seed names each difference.
      const judged = run(["--report", report, "--exit-code", "1", "--seed"]);
      expect(judged.status).toBe(1);
      expect(judged.stdout).toContain(
        'expected exactly one failed live case naming "Service pihole/pihole-dns-udp (", found 0',
      );
      expect(judged.stdout).toContain(
        "unexpected failed live case: cilium connectivity test › client-egress-l7",
      );
      expect(judged.stdout).not.toContain("static-check errors");
      const mixed = run(["--report", report, "--exit-code", "1", "--seed", "--live", "passed"]);
      expect(mixed.status).toBe(2);
      const unknown = run(["--report", report, "--exit-code", "1", "--sed"]);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/^expect-run-result: Unknown option '--sed'/);
      expect(unknown.stderr).not.toContain("    at ");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
