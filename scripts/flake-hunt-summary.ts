// Reads the vitest JSON reports of scripts/flake-hunt.sh and prints "N runs, F failures" with each
// failing test (file > full name) and how many runs it failed in. Exit 1 when anything failed,
// 3 when a run left no report (vitest itself crashed).
import { readFileSync } from "node:fs";
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

const [dir, runsText, secondsText, load] = process.argv.slice(2);
if (!dir || !runsText) {
  console.error("usage: flake-hunt-summary.ts <dir> <runs> [seconds] [load]");
  process.exit(2);
}
const runs = Number(runsText);
const failures = new Map<string, { count: number; first: string }>();
let failedRuns = 0;
let missing = 0;
let tests = 0;
for (let i = 1; i <= runs; i += 1) {
  let report: { testResults: FileResult[]; numTotalTests: number };
  try {
    report = JSON.parse(readFileSync(join(dir, `run-${i}.json`), "utf8"));
  } catch {
    missing += 1;
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
      const key = `${relative} > ${result.fullName}`;
      const seen = failures.get(key) ?? {
        count: 0,
        first: (result.failureMessages?.[0] ?? "").split("\n")[0] ?? "",
      };
      seen.count += 1;
      failures.set(key, seen);
    }
  }
  if (failedHere) failedRuns += 1;
}
const seconds = Number(secondsText ?? 0);
console.log(
  `${runs} runs, ${failedRuns} failures (${tests} tests per run, load ${load ?? "?"}, ${Math.round(seconds / 60)} min in all)`,
);
for (const [name, { count, first }] of [...failures].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`  ${count}/${runs}  ${name}\n         ${first.slice(0, 300)}`);
}
process.exit(missing > 0 ? 3 : failedRuns > 0 ? 1 : 0);
