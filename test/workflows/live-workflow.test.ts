import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compatTable } from "../../src/compat/compat-table.ts";
import { liveMatrix } from "../../src/compat/live-matrix.ts";

// .github/workflows/live.yml: the project's own CI runs the real `run` on the seed repo.

const root = join(import.meta.dirname, "..", "..");

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  "runs-on"?: string;
  needs?: string | string[];
  if?: string;
  env?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  "continue-on-error"?: unknown;
  steps: Step[];
}
const workflow = parse(readFileSync(join(root, ".github/workflows/live.yml"), "utf8")) as {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
};

const runStep = (job: Job) => job.steps.find((step) => step.run?.includes("cilium-conformance run"));

describe("live.yml", () => {
  it("runs `run` on fixtures/homelab on ubuntu-24.04 for every pull request, gated by nothing static", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request", "schedule"]));
    const job = workflow.jobs.homelab!;
    expect(job["runs-on"]).toBe("ubuntu-24.04");
    expect(job.if).toBe("${{ github.event_name != 'schedule' }}");
    expect(job.needs).toBeUndefined();
    expect(runStep(job)?.run).toContain("npx cilium-conformance run --repo fixtures/homelab");
    // The run's exit code is recorded, not allowed to stop the job before its result is judged.
    expect(runStep(job)?.run).toMatch(/set \+e[\s\S]*echo "exit-code=\$\?" >> "\$GITHUB_OUTPUT"/);
    // The pinned tools, checksum-verified.
    expect(job.steps.some((step) => step.run?.includes("scripts/install-tools.sh"))).toBe(true);
  });

  it("judges the result by the seed's one expectation (scripts/seed-run-expectation.ts), after the run", () => {
    for (const job of [workflow.jobs.homelab!, workflow.jobs.nightly!]) {
      const expectStep = job.steps.find((step) => step.run?.includes("scripts/expect-run-result.ts"));
      expect(expectStep?.run).toMatch(/ --seed\s*$/);
      expect(expectStep?.run).not.toContain("--static-errors");
      expect(expectStep?.run).toContain("${{ steps.run.outputs.exit-code }}");
      expect(job.steps.indexOf(expectStep!)).toBeGreaterThan(job.steps.indexOf(runStep(job)!));
    }
  });

  it("uploads the reports whatever happened", () => {
    for (const job of [workflow.jobs.homelab!, workflow.jobs.nightly!]) {
      const upload = job.steps.find((step) => step.uses?.startsWith("actions/upload-artifact"));
      expect(upload?.if).toBe("${{ always() }}");
      expect(upload?.with?.path).toBe("reports/");
    }
  });

  it("runs nightly over every minor the compat table supports and the pinned cilium CLI installs", () => {
    const versions = workflow.jobs.versions!;
    expect(versions.steps.at(-1)?.run).toBe(
      'echo "matrix=$(node scripts/print-cilium-matrix.ts)" >> "$GITHUB_OUTPUT"',
    );
    const nightly = workflow.jobs.nightly!;
    expect(nightly.needs).toBe("versions");
    expect(nightly.strategy).toEqual({
      "fail-fast": false,
      matrix: "${{ fromJSON(needs.versions.outputs.matrix) }}",
    });
    expect(runStep(nightly)?.run).toContain('--cilium-version "$CANDIDATE"');
    expect(nightly.env?.CANDIDATE).toBe("${{ matrix.cilium }}");
    // Every installable minor, at its newest known patch; 1.15 is not installable (exit 2 at plan).
    expect(liveMatrix().map((entry) => entry.minor)).toEqual(
      compatTable.filter((entry) => entry.installableByPinnedCli.value).map((entry) => entry.minor),
    );
    expect(liveMatrix().map((entry) => entry.cilium)).toEqual([
      "1.16.19",
      "1.17.17",
      "1.18.11",
      "1.19.5",
      "1.20.0-pre.3",
    ]);
    expect(liveMatrix().find((entry) => entry.minor === "1.20")?.prerelease).toBe(true);
  });

  it("gives each minor the pool apiVersion it serves, by rewriting the seed's one pool file", () => {
    const pool = "fixtures/homelab/infra/configs/cilium/load-balancer-ip-pool.yaml";
    expect(readFileSync(join(root, pool), "utf8").split("\n")[0]).toBe("apiVersion: cilium.io/v2");
    const rewrite = workflow.jobs.nightly!.steps.find((step) => step.run?.includes("sed -i"));
    expect(rewrite?.run).toContain(pool.replace("fixtures/homelab", "$RUNNER_TEMP/homelab"));
    expect(liveMatrix().map((entry) => [entry.minor, entry.poolApiVersion])).toEqual([
      ["1.16", "cilium.io/v2alpha1"],
      ["1.17", "cilium.io/v2alpha1"],
      ["1.18", "cilium.io/v2"],
      ["1.19", "cilium.io/v2"],
      ["1.20", "cilium.io/v2"],
    ]);
  });

  it("keeps run ids short enough for the cluster name cc-<run-id> (27 characters)", () => {
    // GitHub run ids have 11 digits today; leave room for 12, a two-digit attempt and a job index.
    const longest = `cc-gh${"9".repeat(12)}-99-9`;
    expect(longest.length).toBeLessThanOrEqual(27);
    expect(workflow.jobs.nightly!.env?.CILIUM_CONFORMANCE_RUN_ID).toBe(
      "gh${{ github.run_id }}-${{ github.run_attempt }}-${{ strategy.job-index }}",
    );
  });
});
