// A kustomize build that did not finish is not a repo defect: the build was stopped after its
// budget (a large repo on a loaded machine), or something killed it (the OOM killer, a signal).
// Either is an environment failure (exit 3) naming the Flux Kustomization, its path and how to give
// the build more time; never a `flux-build-fails` finding, which says the repo is wrong.

import { EnvironmentError, formatBudget, UsageError } from "../../errors.ts";
import { parseGoDuration } from "../../go/go-duration.ts";

export const KUSTOMIZE_TIMEOUT_ENV = "CILIUM_CONFORMANCE_KUSTOMIZE_TIMEOUT";
/** One `kustomize build` of one Flux Kustomization's path, unless the env says otherwise. */
export const DEFAULT_KUSTOMIZE_TIMEOUT_MS = 120_000;

/** The budget of one build: env CILIUM_CONFORMANCE_KUSTOMIZE_TIMEOUT (`300s`, `5m`, or seconds). */
export function kustomizeTimeoutMs(env: Record<string, string | undefined>): number {
  const text = env[KUSTOMIZE_TIMEOUT_ENV]?.trim();
  if (text === undefined || text === "") return DEFAULT_KUSTOMIZE_TIMEOUT_MS;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  if (ms === undefined || !(ms >= 1)) {
    throw new UsageError(`env ${KUSTOMIZE_TIMEOUT_ENV}=${text.slice(0, 40)} is not a duration`, {
      hint: `give a positive duration such as ${KUSTOMIZE_TIMEOUT_ENV}=300s or =5m (a bare number is seconds)`,
    });
  }
  return Math.ceil(ms);
}

/** What spawnSync says of a run that ended without exiting on its own. */
export interface StoppedRun {
  signal: NodeJS.Signals | null;
  error?: (Error & { code?: string }) | undefined;
}

export interface StoppedBuild {
  /** `kustomize build`, `kubectl kustomize`. */
  tool: string;
  /** `Kustomization flux-system/apps`, or the bootstrap of a folder. */
  builtBy: string;
  /** The repo-relative path built ("" is the root). */
  dir: string;
  /** The kustomization file (or folder) the error points at. */
  file: string;
  timeoutMs: number;
}

/** The typed error for a build stopped by its budget or killed by a signal; undefined when it ran to an exit. */
export function kustomizeStopped(run: StoppedRun, build: StoppedBuild): EnvironmentError | undefined {
  const what = `\`${build.tool}\` of ${build.builtBy} (path ${build.dir || "."})`;
  const more = `${KUSTOMIZE_TIMEOUT_ENV}=${formatBudget(build.timeoutMs * 2)}`;
  if (run.error?.code === "ETIMEDOUT") {
    return new EnvironmentError(
      "CC_ENV_KUSTOMIZE_TIMEOUT",
      `${what} was stopped after ${formatBudget(build.timeoutMs)}, its budget: the build did not finish, so nothing of this repo was checked (a slow or loaded machine, not a repo defect)`,
      {
        file: build.file,
        hint: `give the build more time with ${more} (a duration, or seconds), or render in-process with CILIUM_CONFORMANCE_KUSTOMIZE=builtin`,
      },
    );
  }
  if (run.signal) {
    return new EnvironmentError(
      "CC_ENV_KUSTOMIZE_KILLED",
      `${what} was killed by ${run.signal} before it finished (out of memory, or stopped from outside): nothing of this repo was checked (not a repo defect)`,
      {
        file: build.file,
        hint: `run it again with more memory or less load; ${more} gives it more time; CILIUM_CONFORMANCE_KUSTOMIZE=builtin renders in-process`,
      },
    );
  }
  return undefined;
}
