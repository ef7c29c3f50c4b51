// "The cluster of the last `up`": reports/latest holds the run id of the newest run that wrote a
// run context (`up` writes it, also inside `run`). Without the pointer, the newest
// reports/*/run-context.json is taken, so a tree from an older `up` still works.

import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnvironmentError } from "../errors.ts";

export const LATEST_POINTER = "latest";
const RUN_CONTEXT = "run-context.json";

export async function writeLatestRun(reportsRoot: string, runId: string): Promise<void> {
  await writeFile(join(reportsRoot, LATEST_POINTER), `${runId}\n`);
}

/** Path of the last run's run-context.json, or an EnvironmentError (exit 3) saying how to get one. */
export async function latestRunContextPath(reportsRoot: string): Promise<string> {
  const pointed = await readFile(join(reportsRoot, LATEST_POINTER), "utf8").catch(() => undefined);
  const runId = pointed?.trim();
  if (runId && /^[A-Za-z0-9._-]+$/.test(runId)) {
    const path = join(reportsRoot, runId, RUN_CONTEXT);
    if (await stat(path).catch(() => undefined)) return path;
  }
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const name of await readdir(reportsRoot).catch(() => [] as string[])) {
    const path = join(reportsRoot, name, RUN_CONTEXT);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && (!newest || info.mtimeMs > newest.mtimeMs))
      newest = { path, mtimeMs: info.mtimeMs };
  }
  if (newest) return newest.path;
  throw new EnvironmentError(
    "CC_ENV_CONTEXT_MISSING",
    `no run context under ${reportsRoot}: no cluster to test`,
    {
      hint: "run `cilium-conformance up` first (or `run`), or pass --context-file reports/<run-id>/run-context.json",
    },
  );
}
