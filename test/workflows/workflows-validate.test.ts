import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const workflowFiles = [
  ...readdirSync(join(root, ".github/workflows")).map((name) => join(".github/workflows", name)),
  ...readdirSync(join(root, "examples"))
    .filter((name) => name.endsWith(".yml"))
    .map((name) => join("examples", name)),
];

describe("GitHub workflows", () => {
  it("finds the project's and the example workflows", () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining([
        ".github/workflows/ci.yml",
        ".github/workflows/conformance.yml",
        "examples/infra-repo-conformance.yml",
        "examples/infra-repo-standalone.yml",
      ]),
    );
  });

  for (const file of workflowFiles) {
    it(`${file} validates against the workflow schema`, () => {
      const state = validateWorkflow(readFileSync(join(root, file), "utf8"));
      expect(state.errors).toEqual([]);
    });
  }

  it("the validator rejects a broken workflow (so the checks above can fail)", () => {
    const state = validateWorkflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps: oops\n");
    expect(state.errors.length).toBeGreaterThan(0);
  });

  it("every job has a timeout and the workflows that run clusters cancel superseded runs", () => {
    for (const file of workflowFiles) {
      const workflow = parse(readFileSync(join(root, file), "utf8")) as {
        concurrency?: { "cancel-in-progress"?: boolean };
        jobs: Record<string, { "timeout-minutes"?: number; uses?: string }>;
      };
      expect(workflow.concurrency?.["cancel-in-progress"], file).toBe(true);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (job.uses) continue; // a called workflow sets its own timeouts
        expect(job["timeout-minutes"], `${file} job ${name}`).toBeGreaterThan(0);
      }
    }
  });

  it("a static error never skips the live job: it needs the check but runs unless cancelled", () => {
    for (const [file, job] of [
      [".github/workflows/conformance.yml", "kind"],
      ["examples/infra-repo-standalone.yml", "conformance"],
    ] as const) {
      const workflow = parse(readFileSync(join(root, file), "utf8")) as {
        jobs: Record<string, { needs?: string | string[]; if?: string }>;
      };
      expect(workflow.jobs[job]?.needs, file).toBe("check");
      // `needs` alone skips the job when the check fails; !cancelled() runs it after a failure.
      expect(workflow.jobs[job]?.if, file).toBe("${{ !cancelled() }}");
    }
  });

  it("the kind job runs the harness's own action, with the caller's inputs, and uploads its report folder", () => {
    const workflow = parse(readFileSync(join(root, ".github/workflows/conformance.yml"), "utf8")) as {
      env: Record<string, string>;
      jobs: Record<string, { steps: (Step & { uses?: string; if?: string })[] }>;
    };
    const steps = workflow.jobs.kind?.steps ?? [];
    const harness = steps.find((step) => step.with?.repository === "${{ inputs.harness-repository }}");
    // `uses:` takes no expression: the local action's path must be the harness checkout's.
    expect(harness?.with?.path).toBe("${{ env.HARNESS_DIR }}");
    expect(workflow.env.HARNESS_DIR).toBe("harness");
    const conformance = steps.find((step) => step.id === "conformance");
    expect(conformance?.uses).toBe("./harness");
    expect(conformance?.with).toEqual({
      repo: "${{ env.INFRA_DIR }}",
      "cilium-version": "${{ inputs.cilium-version }}",
      suites: "${{ inputs.suites }}",
      offline: "${{ inputs.offline }}",
    });
    const upload = steps.at(-1);
    expect(upload?.with?.path).toBe("${{ steps.conformance.outputs.report-dir }}");
    expect(upload?.if).toContain("always()");
  });

  it("the upgrade preview informs (its own step, continue-on-error, summary) but never gates the kind job", () => {
    const workflow = parse(readFileSync(join(root, ".github/workflows/conformance.yml"), "utf8")) as {
      jobs: Record<string, { needs?: string | string[]; steps: Step[] }>;
    };
    const previews = Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
      steps.filter((step) => step.run?.includes("cilium-conformance upgrade")).map((step) => ({ job, step })),
    );
    expect(previews).toHaveLength(1);
    const [{ job, step }] = previews as [{ job: string; step: Step }];
    expect(step["continue-on-error"]).toBe(true);
    expect(step.run).toContain("$GITHUB_STEP_SUMMARY");
    expect(step.run).not.toContain("check --repo");
    // The kind job waits for the static check only; a job holding the preview without
    // continue-on-error would fail that job and skip the kind run.
    expect(workflow.jobs.kind?.needs).toBe(job);
  });
});

interface Step {
  id?: string;
  name?: string;
  run?: string;
  with?: Record<string, unknown>;
  "continue-on-error"?: boolean;
}
