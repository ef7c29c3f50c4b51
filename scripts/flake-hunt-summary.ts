// Reads what scripts/flake-hunt.sh left in its folder and prints "N runs, F failures" (F = runs
// with at least one failure), the load and durations, then each failing test (file > full name)
// with how many runs it failed in and its first error line.
// Per run i: run-i.json (vitest's JSON report), run-i.exit (vitest's exit code), run-i.seconds;
// load.txt: the 1-minute load average sampled during the hunt.
// A run whose vitest exited non-zero with no failed test (an unhandled error, a worker crash) is a
// failure too: the JSON report does not list unhandled errors, the log does.
// Exit 1 when anything failed, 3 when a run left no report (vitest itself did not finish).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface AssertionResult {
  fullName: string;
  status: string;
  failureMessages?: string[];
}
interface FileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults: AssertionResult[];
}
interface Report {
  testResults: FileResult[];
  numTotalTests: number;
}

const [dirArg, runsText, secondsText, load] = process.argv.slice(2);
if (!dirArg || !runsText || !/^[1-9][0-9]*$/.test(runsText)) {
  console.error("usage: flake-hunt-summary.ts <dir> <runs> [seconds] [added load]");
  process.exit(2);
}
const dir: string = dirArg;
const runs = Number(runsText);
const readIf = (name: string): string | undefined =>
  existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8").trim() : undefined;

const failures = new Map<string, { count: number; first: string }>();
const fail = (key: string, message: string) => {
  const seen = failures.get(key) ?? { count: 0, first: message.split("\n")[0] ?? "" };
  seen.count += 1;
  failures.set(key, seen);
};
let failedRuns = 0;
let missing = 0;
let tests = 0;
const durations: number[] = [];
for (let i = 1; i <= runs; i += 1) {
  const seconds = Number(readIf(`run-${i}.seconds`));
  if (Number.isFinite(seconds) && seconds > 0) durations.push(seconds);
  let report: Report;
  try {
    report = JSON.parse(readFileSync(join(dir, `run-${i}.json`), "utf8")) as Report;
  } catch {
    missing += 1;
    failedRuns += 1;
    console.log(`run ${i}: no JSON report (see ${join(dir, `run-${i}.log`)})`);
    continue;
  }
  tests = Math.max(tests, report.numTotalTests);
  let failedHere = false;
  for (const file of report.testResults) {
    const relative = file.name.replace(`${process.cwd()}/`, "");
    const failed = file.assertionResults.filter((result) => result.status === "failed");
    if (failed.length === 0 && file.status === "failed") {
      failed.push({
        fullName: "(file failed to run)",
        status: "failed",
        failureMessages: [file.message ?? ""],
      });
    }
    for (const result of failed) {
      failedHere = true;
      fail(`${relative} > ${result.fullName}`, result.failureMessages?.[0] ?? "");
    }
  }
  const exit = Number(readIf(`run-${i}.exit`) ?? 0);
  if (!failedHere && exit !== 0) {
    failedHere = true;
    fail(`(vitest exited ${exit} with no failed test)`, firstUnhandledError(i));
  }
  if (failedHere) failedRuns += 1;
}

const loads = (readIf("load.txt") ?? "")
  .split("\n")
  .map(Number)
  .filter((value) => Number.isFinite(value) && value > 0)
  .sort((a, b) => a - b);
const loadText =
  loads.length > 0
    ? `load average ${loads[0]}–${loads.at(-1)} (median ${loads[Math.floor(loads.length / 2)]})`
    : "load average not sampled";
const minutes = (seconds: number) => (seconds / 60).toFixed(1);
const runText =
  durations.length > 0
    ? `, runs of ${minutes(Math.min(...durations))}–${minutes(Math.max(...durations))} min`
    : "";
console.log(
  `${runs} runs, ${failedRuns} failures (${tests} tests per run, ${loadText}, added load ${load ?? "?"}, ${minutes(Number(secondsText ?? 0))} min in all${runText})`,
);
for (const [name, { count, first }] of [...failures].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`  ${count}/${runs}  ${name}\n         ${first.slice(0, 300)}`);
}
process.exit(missing > 0 ? 3 : failedRuns > 0 ? 1 : 0);

/** The first error vitest printed under an "Unhandled Rejection/Error" banner in the run's log. */
function firstUnhandledError(run: number): string {
  const lines = (readIf(`run-${run}.log`) ?? "").split("\n");
  const banner = lines.findIndex((line) => /⎯ Unhandled (Rejection|Error) ⎯/.test(line));
  const error = banner >= 0 ? lines.slice(banner + 1).find((line) => line.trim() !== "") : undefined;
  return error?.trim() ?? `see ${join(dir, `run-${run}.log`)}`;
}
