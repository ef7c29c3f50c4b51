// `report [--run-dir DIR] [--open]`: turns a run's allure-results into the Allure HTML, offline,
// as one file that opens from disk; --open serves it on 127.0.0.1 as well.

import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { EnvironmentError, ExitCode, UsageError } from "../errors.ts";
import { generateAllureHtml } from "../report/allure-html.ts";
import type { ReportModel } from "../report/report-model.ts";
import { reportPaths } from "../report/report-paths.ts";
import { reportVerdict, verdictSentence } from "../report/report-verdict.ts";
import { serveStatic } from "../report/serve-static.ts";
import { createCommandRunner } from "../tools/run-command.ts";
import { Transcript } from "../tools/transcript.ts";
import type { CliIO, Command } from "./command.ts";
import { VERBOSE_OPTION } from "./console-options.ts";
import { booleanOption, stringOption } from "./options.ts";

export const command: Command = {
  name: "report",
  summary: "turn a run's Allure results into one HTML file that opens from disk (offline)",
  details: [
    "Generates reports/<run-id>/allure-report/index.html from reports/<run-id>/allure-results/ with",
    "the bundled allure-commandline (needs Java 17+): a single self-contained file, no analytics, so",
    "it opens straight from disk (a downloaded CI artifact). Without --run-dir it takes the newest",
    "run under reports/. --open also serves it on 127.0.0.1 and prints the URL (Ctrl-C stops it).",
    "Exit codes: 0 written, 2 --run-dir is not a run's report folder, 3 no results or Java/allure missing.",
    "Example: npm run report -- --run-dir reports/20261126-1200-ab12",
  ].join("\n"),
  options: [
    {
      name: "run-dir",
      type: "string",
      valueName: "dir",
      description: "the run's report folder (default: newest under reports/)",
    },
    { name: "open", type: "boolean", description: "serve the HTML on 127.0.0.1 and print its URL" },
    VERBOSE_OPTION,
  ],
  async run(input, io) {
    const given = stringOption(input, "run-dir");
    const runDir = given ? givenRunDir(given, io) : await newestRunDir(io.cwd);
    const paths = reportPaths(runDir);
    const runner = createCommandRunner({
      transcript: new Transcript(),
      env: io.env,
      ...(booleanOption(input, "verbose") ? { verbose: io.stderr } : {}),
    });
    const index = await generateAllureHtml({
      runner,
      resultsDir: paths.allureResults,
      outputDir: paths.allureHtml,
      reportName: await reportName(paths.model),
    });
    io.stdout(`report: ${index} (one file; open it from disk)\n`);
    if (booleanOption(input, "open")) await serveUntilInterrupted(paths.allureHtml, io);
    return ExitCode.pass;
  },
};

/** --run-dir must name a run's report folder: a missing one is a typo, not a broken machine. */
function givenRunDir(given: string, io: CliIO): string {
  const dir = isAbsolute(given) ? given : resolve(io.cwd, given);
  if (!existsSync(dir)) {
    throw new UsageError(`report: --run-dir ${given} does not exist (${dir})`, {
      hint: "pass a run's folder, e.g. --run-dir reports/<run-id> (`ls reports/`), or leave --run-dir out for the newest run",
    });
  }
  const paths = reportPaths(dir);
  if (!existsSync(paths.allureResults) && !existsSync(paths.model)) {
    throw new UsageError(
      `report: ${dir} is not a run's report folder (it has no allure-results/ nor report.json)`,
      {
        hint: "pass the folder `test` or `run` printed, e.g. --run-dir reports/<run-id>",
      },
    );
  }
  return dir;
}

/** "run <id>: ✖ FAILED — …", from the run's report.json; undefined when there is none. */
async function reportName(modelPath: string): Promise<string | undefined> {
  try {
    const model = JSON.parse(await readFile(modelPath, "utf8")) as ReportModel;
    const verdict = reportVerdict(model);
    const headline =
      verdict === "passed" ? "PASSED" : verdict === "failed" ? "FAILED" : "INFRASTRUCTURE FAILURE";
    return `cilium-conformance ${model.run.runId}: ${headline} — ${verdictSentence(model)}`;
  } catch {
    return undefined;
  }
}

/** The most recently modified reports/<run-id>/ that has allure-results. */
async function newestRunDir(cwd: string): Promise<string> {
  const root = join(cwd, "reports");
  const names = await readdir(root).catch(() => [] as string[]);
  let best: { dir: string; mtimeMs: number } | undefined;
  for (const name of names) {
    const dir = join(root, name);
    const info = await stat(reportPaths(dir).allureResults).catch(() => undefined);
    if (info?.isDirectory() && (!best || info.mtimeMs > best.mtimeMs)) best = { dir, mtimeMs: info.mtimeMs };
  }
  if (!best) {
    throw new EnvironmentError("CC_ENV_REPORT_MISSING", `no run with allure-results under ${root}`, {
      hint: "run `cilium-conformance test` or `run` first, or pass --run-dir",
    });
  }
  return best.dir;
}

/** Serves until Ctrl-C or TERM (the interruption), then closes the server; main exits 130/143. */
async function serveUntilInterrupted(htmlDir: string, io: CliIO): Promise<void> {
  const server = await serveStatic(htmlDir);
  io.stdout(`serving the report at ${server.url} (Ctrl-C to stop)\n`);
  const interruption = io.interruption;
  if (interruption) {
    interruption.handle();
    await interruption.interrupted;
  } else {
    await new Promise<void>((done) => process.once("SIGINT", done));
  }
  await server.close();
}
