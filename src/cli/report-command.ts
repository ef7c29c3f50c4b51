// `report [--run-dir DIR] [--open]`: turns a run's allure-results into the Allure HTML, offline.

import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { EnvironmentError, ExitCode } from "../errors.ts";
import { generateAllureHtml } from "../report/allure-html.ts";
import { reportPaths } from "../report/report-paths.ts";
import { serveStatic } from "../report/serve-static.ts";
import { createCommandRunner } from "../tools/run-command.ts";
import { Transcript } from "../tools/transcript.ts";
import type { CliIO, Command } from "./command.ts";
import { booleanOption, stringOption } from "./options.ts";

export const command: Command = {
  name: "report",
  summary: "turn a run's Allure results into an HTML report (offline)",
  details: [
    "Generates reports/<run-id>/allure-report/ from reports/<run-id>/allure-results/ with the bundled",
    "allure-commandline (needs Java 17+). Without --run-dir it takes the newest run under reports/.",
    "--open then serves the HTML on 127.0.0.1 and prints the URL (Ctrl-C stops it).",
    "Exit codes: 0 written, 3 no results or Java/allure missing.",
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
  ],
  async run(input, io) {
    const given = stringOption(input, "run-dir");
    const runDir = given ? (isAbsolute(given) ? given : resolve(io.cwd, given)) : await newestRunDir(io.cwd);
    const paths = reportPaths(runDir);
    const runner = createCommandRunner({ transcript: new Transcript(), env: io.env });
    await generateAllureHtml({ runner, resultsDir: paths.allureResults, outputDir: paths.allureHtml });
    io.stdout(`report: ${join(paths.allureHtml, "index.html")}\n`);
    if (booleanOption(input, "open")) await serveUntilInterrupted(paths.allureHtml, io);
    return ExitCode.pass;
  },
};

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

async function serveUntilInterrupted(htmlDir: string, io: CliIO): Promise<void> {
  const server = await serveStatic(htmlDir);
  io.stdout(`serving the report at ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => process.once("SIGINT", done));
  await server.close();
}
