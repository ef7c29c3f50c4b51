// `npm run bench`: wall time of `check` on the embedded fixture and on a generated Flux repo of
// 5,000 files, in-process and as a full CLI process, with the real kustomize (when on PATH) and
// the in-process renderer, and the CLI's peak memory (GNU time's maximum resident set size of the
// largest process: node, or kustomize under it); the published CLI's start-up against `node -e 0`
// (CPU time, bench/startup-ratio.ts); and the time to an ARP verdict, present, absent and
// duplicate, against the local Docker engine (bench/arp-probe-bench.ts). Not a test: it reports
// figures and exits 1 only when a median, a peak or a figure misses its target.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runChecks } from "../src/checks/run-checks.ts";
import { embeddedHomelab } from "../src/cli/repo-option.ts";
import { loadInfraRepo } from "../src/repo/load-infra-repo.ts";
import { countManifests, generateRepo } from "./generate-repo.ts";
import { formatStartup, measureStartup, STARTUP_TARGET_RATIO } from "./startup-ratio.ts";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(packageRoot, "bin", "cilium-conformance.js");
const HEAVY = [
  "@kubernetes/client-node",
  "testcontainers",
  "@grpc/grpc-js",
  "@grpc/proto-loader",
  "execa",
  "undici",
];

interface Row {
  name: string;
  samples: number[];
  targetMs: number;
}

function measure(runs: number, work: () => void): number[] {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return samples;
}

function inProcess(root: string): void {
  runChecks(loadInfraRepo(root));
}

const KUSTOMIZE_ENV = "CILIUM_CONFORMANCE_KUSTOMIZE";
const peaksKb: Record<string, number[]> = {};
/** CPU seconds (user + system, GNU time's %U + %S) of the CLI process and its children, per renderer. */
const cpuSeconds: Record<string, number[]> = {};

/** Runs that kustomize did not finish within its budget (CC_ENV_KUSTOMIZE_TIMEOUT), per row. */
const stoppedRuns: Record<string, number> = {};
const STOPPED = "CC_ENV_KUSTOMIZE_TIMEOUT";
const countStopped = (key: string) => {
  stoppedRuns[key] = (stoppedRuns[key] ?? 0) + 1;
};

function inProcessWith(root: string, renderer: string): void {
  try {
    runChecks(loadInfraRepo(root, { env: { ...process.env, [KUSTOMIZE_ENV]: renderer } }));
  } catch (error) {
    if ((error as { code?: string }).code !== STOPPED) throw error;
    countStopped(`in-process, ${renderer}`);
  }
}

/**
 * The CLI as a process, under GNU time when it is there (its %M: peak RSS in KB; %U + %S: CPU
 * seconds, kustomize's processes included — steadier than wall time on a shared machine).
 */
function cliProcess(root: string, renderer = "auto", peakKey?: string): void {
  const time = "/usr/bin/time";
  const withTime = peakKey !== undefined && existsSync(time);
  const argv = [process.execPath, bin, "check", "--repo", root, "--format", "json"];
  const result = withTime
    ? spawnSync(time, ["-f", "PEAK_KB=%M CPU_S=%U+%S", ...argv], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", [KUSTOMIZE_ENV]: renderer },
        maxBuffer: 256 * 1024 * 1024,
      })
    : spawnSync(argv[0]!, argv.slice(1), {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", [KUSTOMIZE_ENV]: renderer },
        maxBuffer: 256 * 1024 * 1024,
      });
  if (result.status === 3 && result.stderr.includes(STOPPED)) countStopped(`CLI process, ${renderer}`);
  else if (result.status !== 0 && result.status !== 1) {
    throw new Error(`check exited ${result.status}: ${result.stderr}`);
  }
  const peak = /PEAK_KB=(\d+)/.exec(result.stderr ?? "");
  if (peakKey && peak) {
    const peaks = peaksKb[peakKey] ?? [];
    peaks.push(Number(peak[1]));
    peaksKb[peakKey] = peaks;
  }
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? "");
  if (peakKey && cpu) {
    const samples = cpuSeconds[peakKey] ?? [];
    samples.push(Number(cpu[1]) + Number(cpu[2]));
    cpuSeconds[peakKey] = samples;
  }
}

function stats(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);

// The first in-process run pays for JIT warm-up; it is reported on its own, before anything else runs.
const coldFixture = measure(1, () => inProcess(embeddedHomelab))[0]!;
const generated = generateRepo(embeddedHomelab, 5000);
try {
  const fixtureManifests = countManifests(embeddedHomelab);
  const big = `generated (${generated.files} files, ${generated.manifests} objects)`;
  const rows: Row[] = [
    {
      name: `fixture (${fixtureManifests} manifests), in-process`,
      samples: measure(15, () => inProcess(embeddedHomelab)),
      targetMs: 1000,
    },
    {
      name: `fixture (${fixtureManifests} manifests), CLI process`,
      samples: measure(7, () => cliProcess(embeddedHomelab)),
      targetMs: 1000,
    },
    {
      name: `${big}, in-process, auto`,
      samples: measure(5, () => inProcessWith(generated.root, "auto")),
      targetMs: 3000,
    },
    {
      name: `${big}, in-process, builtin renderer`,
      samples: measure(5, () => inProcessWith(generated.root, "builtin")),
      targetMs: 3000,
    },
    {
      name: `${big}, CLI process, auto`,
      samples: measure(5, () => cliProcess(generated.root, "auto", "auto")),
      targetMs: 3000,
    },
    {
      name: `${big}, CLI process, builtin renderer`,
      samples: measure(5, () => cliProcess(generated.root, "builtin", "builtin")),
      targetMs: 3000,
    },
  ];

  const trace = spawnSync(process.execPath, [path.join(packageRoot, "bench", "trace-check-imports.ts")], {
    encoding: "utf8",
    cwd: packageRoot,
  });
  const traced = JSON.parse(trace.stdout) as { modules: number; packages: string[] };
  const heavy = traced.packages.filter((name) => HEAVY.includes(name));

  const cpus = os.cpus();
  console.log(
    `check wall time — node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}`,
  );
  console.log(`first in-process run on the fixture (cold): ${coldFixture.toFixed(0)} ms\n`);
  console.log(
    `${"".padEnd(46)}${"runs".padStart(5)}${"median".padStart(9)}${"min".padStart(9)}${"max".padStart(9)}  target`,
  );
  let missed = false;
  for (const row of rows) {
    const { median, min, max } = stats(row.samples);
    const verdict = median < row.targetMs ? "ok" : "MISSED";
    if (median >= row.targetMs) missed = true;
    console.log(
      `${row.name.padEnd(46)}${String(row.samples.length).padStart(5)} ${ms(median)} ${ms(min)} ${ms(max)}  < ${row.targetMs / 1000} s ${verdict}`,
    );
  }
  for (const [row, count] of Object.entries(stoppedRuns)) {
    missed = true;
    console.log(
      `${row}: ${count} run(s) stopped at the kustomize build budget (${STOPPED}, exit 3; CILIUM_CONFORMANCE_KUSTOMIZE_TIMEOUT): their time is until the stop, not a finished check`,
    );
  }
  for (const [renderer, peaks] of Object.entries(peaksKb)) {
    const peakMb = Math.max(...peaks) / 1024;
    const verdict = peakMb < 500 ? "ok" : "MISSED";
    if (peakMb >= 500) missed = true;
    console.log(
      `peak RSS of check on the generated repo (${renderer}): ${peakMb.toFixed(0)} MB over ${peaks.length} runs  < 500 MB ${verdict}`,
    );
  }
  for (const [renderer, samples] of Object.entries(cpuSeconds)) {
    const { median, min, max } = stats(samples);
    console.log(
      `CPU time of check on the generated repo (${renderer}, CLI process, user + system): median ${median.toFixed(2)} s, min ${min.toFixed(2)} s, max ${max.toFixed(2)} s (load average ${os.loadavg()[0]!.toFixed(1)})`,
    );
  }
  console.log(
    `\nmodules loaded by check: ${traced.modules}; npm packages: ${traced.packages.join(", ") || "none"}`,
  );
  if (heavy.length > 0) {
    console.log(`HEAVY modules loaded by check: ${heavy.join(", ")}`);
    missed = true;
  }

  const startup = await measureStartup(30);
  console.log(`\n${formatStartup(startup)}`);
  if (startup.ratio > STARTUP_TARGET_RATIO) missed = true;

  console.log("");
  const arp = spawnSync(
    process.execPath,
    [path.join(packageRoot, "bench", "arp-probe-bench.ts"), "--runs", "5"],
    {
      encoding: "utf8",
      cwd: packageRoot,
      env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: "true" },
    },
  );
  process.stdout.write(arp.stdout);
  if (arp.status === 3) console.log(`ARP verdict times not measured: ${arp.stderr.trim()}`);
  else if (arp.status !== 0) {
    console.log(`ARP bench failed (exit ${arp.status}): ${arp.stderr.trim()}`);
    missed = true;
  } else if (/target ≤ \d+ ms/.test(arp.stdout) && arp.stdout.includes("MISSED")) {
    missed = true;
  }
  process.exitCode = missed ? 1 : 0;
} finally {
  rmSync(generated.root, { recursive: true, force: true });
}
