import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { externalResources } from "../../src/report/allure-offline.ts";
import { writeReport } from "../../src/report/report-files.ts";
import { serveStatic } from "../../src/report/serve-static.ts";
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

describe("report command", () => {
  it("generates the Allure HTML offline from a run's results, showing our suites", {
    // Allure's Java generator: 32 s at a load average of 27 on 2 cores (issue 17).
    timeout: 300_000,
  }, async () => {
    requireJava();
    const cwd = await mkdtemp(join(tmpdir(), "cc-report-cmd-"));
    const model = sampleReport();
    await writeReport({ reportDir: join(cwd, "reports", model.run.runId), model, env: {} });
    const { io: cli, out, err } = io(cwd);
    const exitCode = await runCli(["report"], cli);
    expect(err.join("")).toBe("");
    expect(exitCode).toBe(0);
    const html = join(cwd, "reports", model.run.runId, "allure-report");
    expect(out.join("")).toBe(`report: ${join(html, "index.html")}\n`);
    const suites = JSON.parse(await readFile(join(html, "data", "suites.json"), "utf8")) as {
      children: { name: string }[];
    };
    const names = JSON.stringify(suites);
    for (const name of [
      "cilium connectivity test",
      "Provisioning",
      "client-egress-l7",
      "Infrastructure/Provisioning",
    ]) {
      expect(names).toContain(name);
    }
    const environment = await readFile(join(html, "widgets", "environment.json"), "utf8");
    expect(environment).toContain("1.18.3");

    // The HTML is served over loopback as a browser would load it.
    const server = await serveStatic(html);
    try {
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      const body = await page.text();
      expect(body).toMatch(/<script src="assets\/index-[\w-]+\.js">/);
      // Offline: the page loads nothing from the internet (Allure's analytics tag is stripped).
      expect(externalResources(body)).toEqual([]);
      expect(body).not.toContain("gtag(");
      expect((await fetch(`${server.url}data/suites.json`)).status).toBe(200);
      expect((await fetch(`${server.url}../../etc/passwd`)).status).not.toBe(200);
      expect((await fetch(`${server.url}nope.json`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("exits 3 with a hint when there is no run to report on", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "cc-report-cmd-"));
    const { io: cli, err } = io(cwd);
    expect(await runCli(["report"], cli)).toBe(3);
    expect(err.join("")).toMatch(
      /error\[CC_ENV_REPORT_MISSING\]: no run with allure-results under .*\n {2}fix: run/,
    );
    expect(await runCli(["report", "--run-dir", "reports/missing"], cli)).toBe(3);
    expect(err.join("")).toMatch(/no Allure results in .*reports\/missing\/allure-results/);
  });
});
