// Start-up of the published CLI: CPU time of `check` on the seed repo against `node -e 0`, measured
// side by side in one run (alternating, so both see the same machine load).
//
//   node bench/startup-ratio.ts [--runs 30] [--json]
//
// Builds dist/ (scripts/build.ts) and lays out an installed-looking package in a temp folder —
// package.json, bin/, dist/, fixtures/, kind-config.yaml, no TypeScript sources — so the launcher
// takes the published path (dist/cli/launch.cjs: the code cache, then the CLI) as after `npm install`.
// Both caches start empty; the first run is reported apart, the mean is of the runs after it.
// The sources' start-up (a clone, type stripping) is measured too, for comparison. CPU time is
// user + system of the child process as Linux accounts it (/proc/self/stat cutime + cstime, in
// clock ticks, averaged over the runs). Target: the published `check` within 4× of `node -e 0`.

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildDist } from "../scripts/build.ts";
import { packageRoot } from "../src/package-root.ts";
import { findKustomize, KUSTOMIZE_ENV } from "../src/repo/flux/kustomize-binary.ts";

export const STARTUP_TARGET_RATIO = 4;
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface StartupFigures {
  runs: number;
  /** Mean CPU milliseconds per run. */
  nodeBaselineMs: number;
  publishedCheckMs: number;
  /** The published `check` with the in-process renderer (no kustomize processes). */
  publishedBuiltinMs: number;
  /** The published `check` with the kustomize binary forced for every build (NaN without one). */
  publishedBinaryMs: number;
  /** The binary forced (`kubectl`, `kustomize`), if any. */
  binary: string | undefined;
  sourcesCheckMs: number;
  /** The first published run, before the compile cache holds anything. */
  publishedColdMs: number;
  ratio: number;
  sourcesRatio: number;
}

/** CPU ticks of this process's waited-for children so far (Linux only). */
function childTicks(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return Number(fields[13]) + Number(fields[14]);
}

function cpuMs(args: string[], env: NodeJS.ProcessEnv): number {
  const before = childTicks();
  const result = spawnSync(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr.toString()}`);
  }
  return ((childTicks() - before) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A package folder as npm installs it: what package.json "files" ships, over the repo's node_modules. */
function installedLayout(): string {
  const folder = mkdtempSync(join(tmpdir(), "cc-bench-startup-"));
  for (const entry of ["package.json", "bin", "dist", "fixtures", "kind-config.yaml"]) {
    cpSync(join(packageRoot, entry), join(folder, entry), { recursive: true });
  }
  symlinkSync(join(packageRoot, "node_modules"), join(folder, "node_modules"));
  return folder;
}

export async function measureStartup(runs: number): Promise<StartupFigures> {
  await buildDist();
  const installed = installedLayout();
  const cache = mkdtempSync(join(tmpdir(), "cc-bench-compile-cache-"));
  try {
    // Both caches start empty: Node's compile cache and the bundle's code cache (src/cli/code-cache.ts).
    const env = {
      ...process.env,
      NO_COLOR: "1",
      NODE_COMPILE_CACHE: join(cache, "node"),
      CILIUM_CONFORMANCE_CACHE_DIR: join(cache, "cilium-conformance"),
    };
    const check = ["check", "--format", "json"];
    const published = [join(installed, "bin", "cilium-conformance.js"), ...check];
    const sources = [join(packageRoot, "bin", "cilium-conformance.js"), ...check];
    const publishedColdMs = cpuMs(published, env);
    let node = 0;
    let built = 0;
    let builtin = 0;
    let clone = 0;
    let forced = 0;
    // By default (auto) a Flux build runs in-process where that is exactly kustomize's result
    // (src/repo/flux/fast-path.ts) and the real kustomize elsewhere, one process per build; those
    // processes are part of check's CPU time. The binary forced for every build is measured too.
    const auto = { ...env, [KUSTOMIZE_ENV]: "auto" };
    const inProcess = { ...env, [KUSTOMIZE_ENV]: "builtin" };
    const binary = findKustomize(auto)?.file;
    const withBinary = { ...env, [KUSTOMIZE_ENV]: binary };
    for (let run = 0; run < runs; run += 1) {
      node += cpuMs(["-e", "0"], env);
      built += cpuMs(published, auto);
      builtin += cpuMs(published, inProcess);
      if (binary) forced += cpuMs(published, withBinary);
      clone += cpuMs(sources, auto);
    }
    return {
      runs,
      nodeBaselineMs: node / runs,
      publishedCheckMs: built / runs,
      publishedBuiltinMs: builtin / runs,
      publishedBinaryMs: binary ? forced / runs : Number.NaN,
      binary,
      sourcesCheckMs: clone / runs,
      publishedColdMs,
      ratio: built / node,
      sourcesRatio: clone / node,
    };
  } finally {
    rmSync(installed, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

export function formatStartup(figures: StartupFigures): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const verdict = figures.ratio <= STARTUP_TARGET_RATIO ? "ok" : "MISSED";
  return [
    `start-up, CPU time (user + system), mean of ${figures.runs} alternating runs`,
    `  node -e 0                          ${ms(figures.nodeBaselineMs)}`,
    `  check, published (dist/)           ${ms(figures.publishedCheckMs)}  ${figures.ratio.toFixed(2)}× node -e 0  (target ≤ ${STARTUP_TARGET_RATIO}×: ${verdict}; first run, empty caches: ${ms(figures.publishedColdMs)})`,
    `  check, published, in-process renderer ${ms(figures.publishedBuiltinMs)}  ${(figures.publishedBuiltinMs / figures.nodeBaselineMs).toFixed(2)}× node -e 0  (CILIUM_CONFORMANCE_KUSTOMIZE=builtin: no kustomize processes)`,
    ...(figures.binary
      ? [
          `  check, published, ${figures.binary} forced ${ms(figures.publishedBinaryMs)}  ${(figures.publishedBinaryMs / figures.nodeBaselineMs).toFixed(2)}× node -e 0  (CILIUM_CONFORMANCE_KUSTOMIZE=${figures.binary}: the real kustomize for every build)`,
        ]
      : []),
    `  check, sources (a clone)           ${ms(figures.sourcesCheckMs)}  ${figures.sourcesRatio.toFixed(2)}× node -e 0`,
  ].join("\n");
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "30" }, json: { type: "boolean" } },
  });
  const figures = await measureStartup(Number(values.runs));
  process.stdout.write(values.json ? `${JSON.stringify(figures, null, 2)}\n` : `${formatStartup(figures)}\n`);
  process.exitCode = figures.ratio <= STARTUP_TARGET_RATIO ? 0 : 1;
}
