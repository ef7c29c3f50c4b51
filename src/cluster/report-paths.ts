// Where a run's files live: reports/<run-id>/ under the working directory (or
// CILIUM_CONFORMANCE_REPORTS_DIR), with fixed names that later commands read.

import { join, resolve } from "node:path";
import { RUN_LAYOUT } from "../plan/plan-commands.ts";

export const REPORTS_DIR_ENV = "CILIUM_CONFORMANCE_REPORTS_DIR";

export function reportsRoot(env: Record<string, string | undefined>, cwd: string): string {
  return resolve(cwd, env[REPORTS_DIR_ENV] ?? "reports");
}

export interface RunFiles {
  /** The reports folder all runs share (holds the `latest` pointer). */
  root: string;
  dir: string;
  runContext: string;
  plan: string;
  transcript: string;
  junit: string;
  provisioning: string;
  kubeconfig: string;
  /** Plan files (kind-config.yaml, values*.yaml, manifests/): the plan's `${planDir}`. */
  planDir: string;
  diagnosticsDir: string;
}

export function runFiles(root: string, runId: string): RunFiles {
  const dir = join(root, runId);
  return {
    root,
    dir,
    runContext: join(dir, "run-context.json"),
    plan: join(dir, "plan.json"),
    transcript: join(dir, "transcript.json"),
    junit: join(dir, "junit.xml"),
    provisioning: join(dir, "provisioning.json"),
    kubeconfig: join(dir, RUN_LAYOUT.kubeconfig),
    planDir: join(dir, RUN_LAYOUT.planDir),
    diagnosticsDir: join(dir, "diagnostics"),
  };
}
