// Turns allure-results into the HTML report, offline, with the allure-commandline package
// (Allure 2, needs Java 17+): `allure generate <results> -o <html> --clean --single-file --name
// <verdict>`. One self-contained index.html (data and scripts inlined), so it opens from disk —
// a downloaded CI artifact — with no server; the page's analytics tag is removed
// (allure-offline.ts), so opening the report contacts nobody. The report's name is the run's
// verdict, which Allure shows at the top of the overview.

import { readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
import type { CommandRunner } from "../tools/run-command.ts";
import { stripAnalytics } from "./allure-offline.ts";

export interface GenerateAllureHtmlInput {
  runner: CommandRunner;
  resultsDir: string;
  outputDir: string;
  /** Shown as the report's title, e.g. "run 20261126-…: ✖ FAILED — 2 of 48 cases failed". */
  reportName?: string;
  /** The allure launcher; defaults to the one in the allure-commandline package. */
  allureBin?: string;
  timeoutMs?: number;
}

/** The launcher script shipped by allure-commandline (found wherever npm put the package). */
export function bundledAllureBin(): string {
  const require = createRequire(packagePath("package.json"));
  try {
    return join(dirname(require.resolve("allure-commandline/package.json")), "dist", "bin", "allure");
  } catch (error) {
    throw new EnvironmentError("CC_ENV_TOOL_MISSING", "the allure-commandline package is not installed", {
      hint: "run `npm ci` in a clone; an installed cilium-conformance has it unless optional dependencies were omitted (`npm install --include=optional`)",
      cause: error,
    });
  }
}

/** Writes `<outputDir>/index.html`, the whole report in one file; returns its path. */
export async function generateAllureHtml(input: GenerateAllureHtmlInput): Promise<string> {
  const results = await readdir(input.resultsDir).catch(() => [] as string[]);
  if (!results.some((name) => name.endsWith("-result.json"))) {
    throw new EnvironmentError("CC_ENV_REPORT_MISSING", `no Allure results in ${input.resultsDir}`, {
      hint: "run `cilium-conformance test` or `run` first, or pass --run-dir reports/<run-id>",
    });
  }
  await input.runner.run(
    input.allureBin ?? bundledAllureBin(),
    [
      "generate",
      input.resultsDir,
      "-o",
      input.outputDir,
      "--clean",
      "--single-file",
      ...(input.reportName ? ["--name", input.reportName] : []),
    ],
    // Java decodes its arguments in the locale's charset: the report's name is UTF-8.
    { timeoutMs: input.timeoutMs ?? 180_000, env: { LC_ALL: "C.UTF-8" } },
  );
  const index = join(input.outputDir, "index.html");
  await writeFile(index, stripAnalytics(await readFile(index, "utf8")));
  return index;
}
