// `scripts/rehearse-faults.sh [--fault NAME]... [--batch A,B,...]... [--repo DIR] [--ci] [--out DIR]`:
// runs the fault catalogue against the real harness and judges every run (judge-fault-run.ts).
// Default: every fault, one rehearsal each; --fault picks some; --batch runs the listed faults in
// one rehearsal (faults of different suites, judged together); --ci runs the representative subset
// (fault-batches.ts). The repo: --repo, else the repo each fault asks for (Fault.repo, a variant of
// variant-repos.ts) or the fixture with the Pi-hole fix (variant-repos.ts writeFaultBaselineRepo).
// Each rehearsal is scripts/rehearse.sh (which takes the rehearsal lock itself, so others may run
// between two faults); its output goes to <report>/rehearse.log. Prints one line per rehearsal and
// "N/M faults caught"; writes <out, default reports>/fault-catalogue-<stamp>.json; exits 0 when
// every fault was caught, 1 when not, 2 on bad usage. CC_REHEARSE_SH replaces scripts/rehearse.sh
// (tests run the command against a stand-in that writes made-up reports).

import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Variant, writeFaultBaselineRepo, writeVariantRepo } from "../variant-repos.ts";
import type { Fault } from "./catalogue.ts";
import { batchRepo, ciFaultBatches, namedFaultBatches, singleFaultBatches } from "./fault-batches.ts";
import { readFaultRunEvidence } from "./fault-run-evidence.ts";
import { judgeFaultRun, type RunVerdict } from "./judge-fault-run.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface BatchResult {
  faults: string[];
  reportDir: string | undefined;
  exitCode: number;
  elapsedMs: number;
  verdict: RunVerdict;
}

/** Runs scripts/rehearse.sh with the batch's faults; its last stdout line is the report folder. */
async function rehearse(
  faults: readonly Fault[],
  repo: string | undefined,
): Promise<{ code: number; reportDir: string | undefined; log: string }> {
  const work = await mkdtemp(join(tmpdir(), "cc-faults-"));
  const logPath = join(work, "rehearse.log");
  const log = createWriteStream(logPath);
  const args = [...faults.flatMap((fault) => ["--fault", fault.name]), ...(repo ? ["--repo", repo] : [])];
  let lastLine = "";
  const code = await new Promise<number>((resolve, reject) => {
    const script = process.env.CC_REHEARSE_SH || join(ROOT, "scripts", "rehearse.sh");
    const child = spawn(script, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      log.write(chunk);
      const lines = chunk.toString("utf8").split("\n").filter(Boolean);
      lastLine = lines[lines.length - 1] ?? lastLine;
    });
    child.stderr.on("data", (chunk: Buffer) => log.write(chunk));
    child.on("error", reject);
    child.on("close", (exit, signal) => resolve(exit ?? (signal ? 130 : 1)));
  });
  await new Promise((resolve) => log.end(resolve));
  // rehearse.sh's last line: reports/<run-id>, relative to the project (or absolute).
  const printed = lastLine.trim();
  const reportDir = /(^|\/)reports\/[\w-]+$/.test(printed)
    ? isAbsolute(printed)
      ? printed
      : resolve(ROOT, printed)
    : undefined;
  let kept = logPath;
  if (reportDir) {
    await mkdir(reportDir, { recursive: true });
    kept = join(reportDir, "rehearse.log");
    await copyFile(logPath, kept); // not rename: the temp folder may be another filesystem
    await rm(work, { recursive: true, force: true });
  }
  return { code, reportDir, log: kept };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  let values: { fault?: string[]; batch?: string[]; repo?: string; ci?: boolean; out?: string };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        fault: { type: "string", multiple: true },
        batch: { type: "string", multiple: true },
        repo: { type: "string" },
        ci: { type: "boolean" },
        out: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(
      `rehearse-faults: ${(error as Error).message}\nusage: scripts/rehearse-faults.sh [--fault NAME]... [--batch A,B,...]... [--repo DIR] [--ci] [--out DIR]\n`,
    );
    return 2;
  }
  let batches: { faults: Fault[]; variant: Variant | undefined }[];
  try {
    const chosen = values.ci
      ? ciFaultBatches()
      : [
          ...(values.fault || !values.batch ? singleFaultBatches(values.fault ?? []) : []),
          ...namedFaultBatches(values.batch ?? []),
        ];
    batches = chosen.map((faults) => ({
      faults,
      variant: batchRepo(faults),
    }));
  } catch (error) {
    process.stderr.write(`rehearse-faults: ${(error as Error).message}\n`);
    return 2;
  }
  // Without --repo: the repo each batch asks for, else the fixture with the Pi-hole fix, so a
  // healthy run's live part is all green. Each is written once.
  const reposDir = values.repo ? undefined : await mkdtemp(join(tmpdir(), "cc-fault-repo-"));
  const written = new Map<string, string>();
  const repoFor = async (variant: Variant | undefined): Promise<string> => {
    if (values.repo) return values.repo;
    const key = variant ?? "fault-baseline";
    let path = written.get(key);
    if (!path) {
      path = variant ? await writeVariantRepo(variant, reposDir!) : await writeFaultBaselineRepo(reposDir!);
      written.set(key, path);
    }
    return path;
  };
  const results: BatchResult[] = [];
  for (const { faults: batch, variant } of batches) {
    const names = batch.map((fault) => fault.name);
    const started = performance.now();
    const run = await rehearse(batch, await repoFor(variant));
    const elapsedMs = Math.round(performance.now() - started);
    const verdict = run.reportDir
      ? judgeFaultRun(batch, await readFaultRunEvidence(run.reportDir, run.code))
      : judgeFaultRun(batch, { exitCode: run.code, report: undefined, files: [], leftovers: undefined });
    results.push({ faults: names, reportDir: run.reportDir, exitCode: run.code, elapsedMs, verdict });
    say(
      `${verdict.caught ? "caught" : "MISSED"}  ${names.join(", ")}  exit ${run.code}, ${(elapsedMs / 1000).toFixed(0)} s  ${run.reportDir ? relative(ROOT, run.reportDir) : `(no report; log ${run.log})`}`,
    );
    for (const problem of verdict.problems) say(`    ${problem}`);
    for (const fault of verdict.faults)
      for (const problem of fault.problems) say(`    ${fault.fault}: ${problem}`);
  }
  const total = results.reduce((n, r) => n + r.faults.length, 0);
  const caught = results.reduce(
    (n, r) => n + (r.verdict.problems.length === 0 ? r.verdict.faults.filter((f) => f.caught).length : 0),
    0,
  );
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const out = resolve(values.out ?? join(ROOT, "reports"));
  await mkdir(out, { recursive: true });
  const summary = join(out, `fault-catalogue-${stamp}.json`);
  await writeFile(summary, `${JSON.stringify({ caught, total, results }, null, 2)}\n`);
  say(`${caught}/${total} faults caught (${relative(ROOT, summary)})`);
  if (reposDir) await rm(reposDir, { recursive: true, force: true });
  return caught === total ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
