// The project's live CI: did the run on the seed repo come out as expected?
//   node scripts/expect-run-result.ts --report reports/<id>/report.json --exit-code N \
//     --static-errors id[,id…] --live passed|failed|infrastructure [--failed-case TEXT]...
// Exit 0 when it did, 1 when not (saying what differs), 2 on bad usage. Appends a line to
// $GITHUB_STEP_SUMMARY when set.
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ReportModel } from "../src/report/report-model.ts";
import type { Verdict } from "../src/report/report-verdict.ts";
import { checkRunExpectation } from "../src/report/run-expectation.ts";

const VERDICTS: readonly string[] = ["passed", "failed", "infrastructure"];
const { values } = parseArgs({
  options: {
    report: { type: "string" },
    "exit-code": { type: "string" },
    "static-errors": { type: "string", default: "" },
    live: { type: "string", default: "passed" },
    "failed-case": { type: "string", multiple: true, default: [] },
  },
});
const exitCode = Number(values["exit-code"]);
if (!values.report || !Number.isInteger(exitCode) || !VERDICTS.includes(values.live)) {
  process.stderr.write(
    "usage: expect-run-result.ts --report FILE --exit-code N [--static-errors a,b] [--live passed|failed|infrastructure] [--failed-case TEXT]...\n",
  );
  process.exit(2);
}

let model: ReportModel | undefined;
try {
  model = JSON.parse(readFileSync(values.report, "utf8")) as ReportModel;
} catch (error) {
  process.stdout.write(`✖ no readable report at ${values.report} (run exit ${exitCode}): ${String(error)}\n`);
  process.exit(1);
}
const result = checkRunExpectation(model, exitCode, {
  staticErrors: values["static-errors"]
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean),
  live: values.live as Verdict,
  ...(values["failed-case"].length > 0 ? { failedCases: values["failed-case"] } : {}),
});
const text = result.ok
  ? `✅ as expected: ${result.summary}`
  : `❌ not as expected: ${result.summary}\n${result.problems.map((p) => `- ${p}`).join("\n")}`;
process.stdout.write(`${text}\n`);
const stepSummary = process.env.GITHUB_STEP_SUMMARY;
if (stepSummary) appendFileSync(stepSummary, `\n## Expected result of the seed-repo run\n\n${text}\n`);
process.exit(result.ok ? 0 : 1);
