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

  it("the static check gates the kind job in the reusable workflow", () => {
    const workflow = parse(readFileSync(join(root, ".github/workflows/conformance.yml"), "utf8")) as {
      jobs: Record<string, { needs?: string | string[] }>;
    };
    expect(workflow.jobs.kind?.needs).toBe("check");
  });
});
