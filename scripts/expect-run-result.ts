// The project's live CI: did the run on the seed repo come out as expected?
//   node scripts/expect-run-result.ts --report reports/<id>/report.json --exit-code N \
//     --static-errors id[,id…] --live passed|failed|infrastructure [--failed-case TEXT]...
//   node scripts/expect-run-result.ts --report … --exit-code N --seed
// --seed: what the seed repo's run must come to (scripts/seed-run-expectation.ts), the one
// expectation ci-rehearsal.sh and live.yml share. Exit 0 when it did, 1 when not (saying what
// differs), 2 on bad usage. Appends a line to $GITHUB_STEP_SUMMARY when set.
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ReportModel } from "../src/report/report-model.ts";
import type { Verdict } from "../src/report/report-verdict.ts";
import { checkRunExpectation, type RunExpectation } from "../src/report/run-expectation.ts";
import { SEED_RUN_EXPECTATION } from "./seed-run-expectation.ts";

const VERDICTS: readonly string[] = ["passed", "failed", "infrastructure"];
const USAGE =
  "usage: expect-run-result.ts --report FILE --exit-code N (--seed | [--static-errors a,b] [--live passed|failed|infrastructure] [--failed-case TEXT]...)\n";

function usage(problem?: string): never {
  process.stderr.write(`${problem ? `expect-run-result: ${problem}\n` : ""}${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        report: { type: "string" },
        "exit-code": { type: "string" },
        "static-errors": { type: "string" },
        live: { type: "string" },
        "failed-case": { type: "string", multiple: true },
        seed: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}

const values = parse();
const exitCode = Number(values["exit-code"]);
const explicit = values["static-errors"] !== undefined || values.live !== undefined || values["failed-case"];
if (
  !values.report ||
  !Number.isInteger(exitCode) ||
  !VERDICTS.includes(values.live ?? "passed") ||
  (values.seed && explicit)
) {
  usage();
}

let model: ReportModel | undefined;
try {
  model = JSON.parse(readFileSync(values.report, "utf8")) as ReportModel;
} catch (error) {
  process.stdout.write(`✖ no readable report at ${values.report} (run exit ${exitCode}): ${String(error)}\n`);
  process.exit(1);
}
const failedCases = values["failed-case"] ?? [];
const expected: RunExpectation = values.seed
  ? SEED_RUN_EXPECTATION
  : {
      staticErrors: (values["static-errors"] ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
      live: (values.live ?? "passed") as Verdict,
      ...(failedCases.length > 0 ? { failedCases } : {}),
    };
const result = checkRunExpectation(model, exitCode, expected);
const text = result.ok
  ? `✅ as expected: ${result.summary}`
  : `❌ not as expected: ${result.summary}\n${result.problems.map((p) => `- ${p}`).join("\n")}`;
process.stdout.write(`${text}\n`);
const stepSummary = process.env.GITHUB_STEP_SUMMARY;
if (stepSummary) appendFileSync(stepSummary, `\n## Expected result of the seed-repo run\n\n${text}\n`);
process.exit(result.ok ? 0 : 1);
