// The harness's GitHub Actions (action.yml, versions/action.yml, gather/action.yml): valid for the
// action schema, used with inputs they declare, wired into the reusable workflow and the examples;
// and the shell of their main steps run for real here, against the real CLI.

import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { validateAction } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packageRoot } from "../../src/package-root.ts";
import { helmIndex } from "../charts/support/helm-index-server.ts";

interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  "continue-on-error"?: boolean;
}

interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

interface Job {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  steps?: ActionStep[];
}

const ACTIONS = { root: "action.yml", versions: "versions/action.yml", gather: "gather/action.yml" } as const;
const text = (file: string) => readFile(join(packageRoot, file), "utf8");
const action = async (file: string) => parse(await text(file)) as Action;
const workflow = async (file: string) => parse(await text(file)) as { jobs: Record<string, Job> };

/** `uses:` → the action file it names in this repository, if it names one of ours. */
function ourAction(uses: string): string | undefined {
  if (uses === "./harness") return ACTIONS.root;
  const match = /^cilium-conformance\/cilium-conformance(\/[a-z-]+)?@/.exec(uses);
  if (!match) return undefined;
  return match[1] ? `${match[1].slice(1)}/action.yml` : ACTIONS.root;
}

describe("the actions' definitions", () => {
  for (const file of Object.values(ACTIONS)) {
    it(`${file} validates against the action schema and is a composite action`, async () => {
      expect(validateAction(await text(file)).errors).toEqual([]);
      expect((await action(file)).runs.using).toBe("composite");
    });
  }

  it("the validator rejects a broken action (so the checks above can fail)", () => {
    expect(
      validateAction("name: x\nruns:\n  using: composite\n  steps: oops\n").errors.length,
    ).toBeGreaterThan(0);
  });

  it("action.yml: repo, Cilium version, suites, offline in; verdict and report folder out", async () => {
    const root = await action(ACTIONS.root);
    expect(Object.keys(root.inputs)).toEqual(["repo", "cilium-version", "suites", "offline", "reports-dir"]);
    expect(Object.keys(root.outputs)).toEqual(["verdict", "report-dir", "exit-code"]);
    const nvmrc = (await text(".nvmrc")).trim();
    for (const file of Object.values(ACTIONS)) {
      const setup = (await action(file)).runs.steps.find((step) =>
        step.uses?.startsWith("actions/setup-node@"),
      );
      expect(setup?.with?.["node-version"], file).toBe(nvmrc);
    }
  });

  it("action.yml: the image cache can never fail the run; the run's exit code fails the action at the end", async () => {
    const steps = (await action(ACTIONS.root)).runs.steps;
    const cacheSteps = steps.filter(
      (step) =>
        step.id === "plan" ||
        step.run?.includes("scripts/image-cache.sh") ||
        String(step.with?.path ?? "").endsWith(".cache/images"),
    );
    expect(cacheSteps).toHaveLength(3);
    for (const step of cacheSteps) expect(step["continue-on-error"], step.name).toBe(true);
    // Plan, then the cache keyed on what the plan step printed, then the pull/save, then the run.
    const at = (step: ActionStep | undefined) => steps.indexOf(step as ActionStep);
    const run = steps.find((step) => step.id === "run");
    expect(at(cacheSteps[0])).toBeLessThan(at(cacheSteps[1]));
    expect(at(cacheSteps[1])).toBeLessThan(at(cacheSteps[2]));
    expect(at(cacheSteps[2])).toBeLessThan(at(run));
    expect(cacheSteps[0]?.run).toContain("cilium-conformance.js plan");
    expect(String(cacheSteps[1]?.with?.key)).toContain("steps.plan.outputs.workload-images-key");
    expect(cacheSteps[2]?.run).toContain("scripts/image-cache.sh save .cache/images $IMAGES");
    expect(run?.["continue-on-error"]).toBeUndefined();
    const last = steps.at(-1);
    expect(last?.if).toBe("${{ always() }}");
    expect(last?.env?.CODE).toBe("${{ steps.run.outputs.exit-code }}");
  });

  it("every use of our actions in the workflows and examples passes only inputs they declare, and the required ones", async () => {
    const files = [
      ".github/workflows/conformance.yml",
      "examples/infra-repo-action.yml",
      "examples/infra-repo-nightly-matrix.yml",
    ];
    const uses: string[] = [];
    for (const file of files) {
      for (const [name, job] of Object.entries((await workflow(file)).jobs)) {
        for (const step of job.steps ?? []) {
          const target = step.uses ? ourAction(step.uses) : undefined;
          if (!target) continue;
          uses.push(`${file}:${name}:${target}`);
          const declared = (await action(target)).inputs;
          for (const input of Object.keys(step.with ?? {}))
            expect(declared, `${file} ${name}`).toHaveProperty(input);
          for (const [input, spec] of Object.entries(declared)) {
            if (spec.required) expect(step.with, `${file} ${name} needs ${input}`).toHaveProperty(input);
          }
        }
      }
    }
    expect(uses).toEqual([
      ".github/workflows/conformance.yml:kind:action.yml",
      "examples/infra-repo-action.yml:conformance:action.yml",
      "examples/infra-repo-nightly-matrix.yml:versions:versions/action.yml",
      "examples/infra-repo-nightly-matrix.yml:conformance:action.yml",
      "examples/infra-repo-nightly-matrix.yml:gather:gather/action.yml",
    ]);
  });

  it("the nightly: versions feed the matrix, each version runs apart, the gathering job runs after failures too", async () => {
    const { jobs } = await workflow("examples/infra-repo-nightly-matrix.yml");
    expect(jobs.versions?.outputs?.matrix).toBe("${{ steps.versions.outputs.matrix }}");
    expect(jobs.conformance?.needs).toBe("versions");
    expect(jobs.conformance?.strategy).toEqual({
      "fail-fast": false,
      matrix: "${{ fromJSON(needs.versions.outputs.matrix) }}",
    });
    const run = jobs.conformance?.steps?.find((step) => step.id === "conformance");
    expect(run?.with?.["cilium-version"]).toBe("${{ matrix.cilium-version }}");
    const upload = jobs.conformance?.steps?.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.name).toBe("cilium-conformance-${{ matrix.cilium-version }}");
    expect(jobs.gather?.needs).toEqual(["versions", "conformance"]);
    expect(jobs.gather?.if).toBe("${{ !cancelled() }}");
    const download = jobs.gather?.steps?.find((step) => step.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with).toEqual({ pattern: "cilium-conformance-*", path: "reports" });
    const gather = jobs.gather?.steps?.find((step) => step.id === "gather");
    expect(gather?.with).toEqual({ reports: "reports", matrix: "${{ needs.versions.outputs.matrix }}" });
  });
});

// The steps' shell, as a composite action runs it (bash --noprofile --norc -eo pipefail), with the
// environment the runner would give it.
async function runStep(file: string, id: string, env: Record<string, string>) {
  const step = (await action(file)).runs.steps.find((candidate) => candidate.id === id);
  if (!step?.run) throw new Error(`${file} has no run step ${id}`);
  const script = join(await mkdtemp(join(tmpdir(), "cc-step-")), "step.sh");
  await writeFile(script, step.run);
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", script],
      {
        env: {
          PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
          HOME: process.env.HOME ?? tmpdir(),
          NO_COLOR: "1",
          ...env,
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function outputs(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

async function runner() {
  const workspace = await mkdtemp(join(tmpdir(), "cc-runner-"));
  const output = join(workspace, "github-output");
  const summary = join(workspace, "step-summary");
  await writeFile(output, "");
  await writeFile(summary, "");
  return {
    workspace,
    output,
    summary,
    env: {
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: workspace,
    },
  };
}

describe("the actions' steps, run for real", () => {
  it("action.yml run: the real `run` ends at its preflight; verdict infrastructure, exit 3, the report folder", async () => {
    const gh = await runner();
    const result = await runStep(ACTIONS.root, "run", {
      ...gh.env,
      GITHUB_ACTION_PATH: packageRoot,
      REPO: join(packageRoot, "fixtures", "homelab"),
      CANDIDATE: "1.19.5",
      SUITES: "lb-ipam",
      OFFLINE: "true",
      REPORTS: join(gh.workspace, "cilium-conformance-reports"),
      CILIUM_CONFORMANCE_KIND_BIN: join(gh.workspace, "no-kind"),
    });
    expect(result.code, result.stderr).toBe(0);
    const out = outputs(await readFile(gh.output, "utf8"));
    expect(out.verdict).toBe("infrastructure");
    expect(out["exit-code"]).toBe("3");
    expect(out["report-dir"]).toMatch(/cilium-conformance-reports\/\d{8}-\d{6}-[0-9a-f]{4}$/);
    const model = JSON.parse(await readFile(join(out["report-dir"]!, "report.json"), "utf8"));
    expect(model.run.versions.chart).toBe("1.19.5");
    expect(model.run.command).toContain("--offline");
    // `run` itself appends its summary to the job summary.
    expect(await readFile(gh.summary, "utf8")).toContain("INFRASTRUCTURE FAILURE");

    const verdict = await runStep(ACTIONS.root, "verdict", {
      VERDICT: out.verdict!,
      CODE: out["exit-code"]!,
    });
    expect(verdict.code).toBe(3);
    expect(verdict.stdout).toContain("cilium-conformance: infrastructure (exit 3)");
  }, 150_000);

  it("versions/action.yml: the matrix on one output line, the full answer in a file, the table in the job summary", async () => {
    const gh = await runner();
    const index = join(gh.workspace, "index.yaml");
    await writeFile(index, helmIndex({ cilium: ["1.18.11", "1.18.13", "1.19.6", "1.20.1"] }));
    const result = await runStep(ACTIONS.versions, "versions", {
      ...gh.env,
      GITHUB_ACTION_PATH: join(packageRoot, "versions"),
      REPO: join(packageRoot, "fixtures", "homelab"),
      INDEX: index,
    });
    expect(result.code, result.stderr).toBe(0);
    const out = outputs(await readFile(gh.output, "utf8"));
    expect(
      JSON.parse(out.matrix!).include.map((entry: { "cilium-version": string }) => entry["cilium-version"]),
    ).toEqual(["1.18.11", "1.18.13", "1.19.6", "1.20.1"]);
    expect(JSON.parse(await readFile(out["versions-file"]!, "utf8")).pinned.version).toBe("1.18.11");
    expect(await readFile(gh.summary, "utf8")).toContain("1.18.13    newest patch of its minor");
  }, 60_000);

  it("gather/action.yml: the table from downloaded reports, verdict and files as outputs, the worst exit code", async () => {
    const gh = await runner();
    const reports = join(gh.workspace, "reports", "cilium-conformance-1.19.5");
    await mkdir(reports, { recursive: true });
    const made = await runStep(ACTIONS.root, "run", {
      ...gh.env,
      GITHUB_OUTPUT: join(gh.workspace, "run-output"),
      GITHUB_STEP_SUMMARY: "",
      GITHUB_ACTION_PATH: packageRoot,
      REPO: join(packageRoot, "fixtures", "homelab"),
      CANDIDATE: "1.19.5",
      SUITES: "lb-ipam",
      OFFLINE: "true",
      REPORTS: reports,
      CILIUM_CONFORMANCE_KIND_BIN: join(gh.workspace, "no-kind"),
    });
    expect(made.code, made.stderr).toBe(0);
    const result = await runStep(ACTIONS.gather, "gather", {
      ...gh.env,
      GITHUB_ACTION_PATH: join(packageRoot, "gather"),
      REPORTS: join(gh.workspace, "reports"),
      MATRIX:
        '{"include":[{"cilium-version":"1.18.11","roles":"pinned"},{"cilium-version":"1.19.5","roles":"newer-minor"}]}',
    });
    expect(result.code).toBe(3);
    const out = outputs(await readFile(gh.output, "utf8"));
    expect(out.verdict).toBe("infrastructure");
    const table = await readFile(out.table!, "utf8");
    expect(table).toContain("| 1.18.11 (pinned) | ⚠️ no report |");
    expect(table).toMatch(/\| 1\.19\.5 \(newer-minor\) \| ⚠️ infrastructure \|/);
    expect(JSON.parse(await readFile(out["table-json"]!, "utf8")).rows).toHaveLength(2);
    expect(await readFile(gh.summary, "utf8")).toContain(table);
  }, 150_000);
});
