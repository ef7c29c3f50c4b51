import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { externalResources } from "../../src/report/allure-offline.ts";
import { writeReport } from "../../src/report/report-files.ts";
import { countCases } from "../../src/report/report-verdict.ts";
import { serveStatic } from "../../src/report/serve-static.ts";
import { renderedDom, requireChromium } from "../support/chromium.ts";
import { sampleReport } from "./sample-report.ts";

// Allure's generator is Java: this test needs a JRE (17+) on PATH and must not pass without one.
function requireJava(): void {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
  } catch {
    throw new Error(
      "Java is not installed: `report` needs Java 17+ (apt-get install openjdk-17-jre-headless)",
    );
  }
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      env: { PATH: process.env.PATH },
      cwd,
    },
  };
}

/** The single file's embedded data: Allure inlines every data file as d('<path>','<base64>'). */
function embedded(html: string): Map<string, unknown> {
  const files = new Map<string, unknown>();
  for (const match of html.matchAll(/d\('([^']+\.json)','([A-Za-z0-9+/=]*)'\)/g)) {
    files.set(match[1] ?? "", JSON.parse(Buffer.from(match[2] ?? "", "base64").toString("utf8")));
  }
  return files;
}

describe("report command", () => {
  it("writes one HTML file that renders from file:// in headless Chromium, with the model's cases", {
    // Allure's Java generator and Chromium: minutes under load on 2 cores (issue 17).
    timeout: 300_000,
  }, async () => {
    requireJava();
    await requireChromium();
    const cwd = await mkdtemp(join(tmpdir(), "cc-report-cmd-"));
    const model = sampleReport();
    const runDir = join(cwd, "reports", model.run.runId);
    await mkdir(join(runDir, "attachments"), { recursive: true });
    await writeReport({ reportDir: runDir, model, env: {} });
    const { io: cli, out, err } = io(cwd);
    expect(await runCli(["report"], cli)).toBe(0);
    expect(err.join("")).toBe("");
    const htmlDir = join(runDir, "allure-report");
    const index = join(htmlDir, "index.html");
    expect(out.join("")).toBe(`report: ${index} (one file; open it from disk)\n`);
    expect(await readdir(htmlDir)).toEqual(["index.html"]);

    const html = await readFile(index, "utf8");
    // Offline: the page loads nothing from the internet (Allure's analytics tag is stripped).
    expect(externalResources(html)).toEqual([]);
    expect(html).not.toContain("gtag(");

    // The same cases, once each, with the model's statuses.
    const data = embedded(html);
    const cases = [...data.entries()]
      .filter(([path]) => path.startsWith("data/test-cases/"))
      .map(([, value]) => value as { uid: string; name: string; status: string });
    const all = model.suites.flatMap((suite) => suite.cases);
    expect(cases.map((c) => c.name).sort()).toEqual(all.map((c) => c.name).sort());
    const counts = countCases(all);
    expect(cases.filter((c) => c.status === "failed")).toHaveLength(counts.failed);
    expect(cases.filter((c) => c.status === "passed")).toHaveLength(counts.passed);

    // Rendered from disk, as a downloaded CI artifact is opened: the overview with the verdict as
    // the report's name, and a failed case with its figure.
    const url = pathToFileURL(index).href;
    const overview = await renderedDom(url);
    // Booleans, not toContain: a failure would print the whole 2.6 MB page.
    expect(overview.includes("Failed to fetch"), "the page could not load its data").toBe(false);
    const title = `cilium-conformance ${model.run.runId}: FAILED — 2 of 8 checks failed`;
    expect(
      overview.includes(`<h2 class="widget__title">${title}`),
      `the overview's title is "${title}"`,
    ).toBe(true);
    expect(
      overview.includes(">Static checks of the repo<"),
      "the suites widget lists the static checks",
    ).toBe(true);
    const failover = cases.find((c) => c.name === "failover to another node");
    const page = await renderedDom(`${url}#testresult/${failover?.uid}`);
    expect(page.includes("failover to another node"), "the case page shows the case").toBe(true);
    expect(page.includes("31.2 s (limit 30 s)"), "the case page shows its figure").toBe(true);

    // --open's server hands out the same file over loopback, and nothing outside it.
    const server = await serveStatic(htmlDir);
    try {
      const served = await fetch(server.url);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toContain("text/html");
      expect((await fetch(`${server.url}../../etc/passwd`)).status).not.toBe(200);
    } finally {
      await server.close();
    }
  });

  it("exits 2 for a --run-dir that is not a run's folder, 3 when no run exists at all", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "cc-report-cmd-"));
    const { io: cli, err } = io(cwd);
    expect(await runCli(["report"], cli)).toBe(3);
    expect(err.join("")).toMatch(
      /error\[CC_ENV_REPORT_MISSING\]: no run with allure-results under .*\n {2}fix: run/,
    );
    expect(await runCli(["report", "--run-dir", "/nonexistent"], cli)).toBe(2);
    expect(err.join("")).toContain("error[CC_USAGE]: report: --run-dir /nonexistent does not exist");
    expect(await runCli(["report", "--run-dir", "."], cli)).toBe(2);
    expect(err.join("")).toContain("is not a run's report folder");
  });
});
