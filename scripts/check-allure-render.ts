// Manual check that the Allure HTML renders: writes a small fake run, generates the report,
// serves it on 127.0.0.1 and screenshots it with headless Chromium (no network beyond loopback).
// Usage: node scripts/check-allure-render.ts [screenshot.png]   (needs Java 17+ and chromium)

import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { runCli } from "../src/cli/run-cli.ts";
import { judge } from "../src/connectivity/connectivity-runner.ts";
import { connectivitySuite } from "../src/connectivity/connectivity-suite.ts";
import { provisioningSuite } from "../src/report/provisioning-suite.ts";
import { writeReport } from "../src/report/report-files.ts";
import { emptyReport } from "../src/report/report-model.ts";
import { serveStatic } from "../src/report/serve-static.ts";

const screenshot = resolve(
  process.argv[2] ?? join(await mkdtemp(join(tmpdir(), "cc-render-")), "allure.png"),
);
const cwd = await mkdtemp(join(tmpdir(), "cc-render-run-"));
const model = emptyReport({
  runId: "render-check",
  startedAt: new Date(Date.now() - 600_000).toISOString(),
  finishedAt: new Date().toISOString(),
  versions: { cilium: "1.18.3", chart: "1.18.3", kind: "v0.31.0", nodeImage: "kindest/node:v1.35.0" },
});
const junit = `<testsuites><testsuite name="connectivity test">
<testcase name="no-policies" status="passed" time="20.5"/>
<testcase name="to-fqdns" status="skipped" time="0"><skipped message="to-fqdns skipped"/></testcase>
<testcase name="client-egress-l7" status="failed" time="30.1"><failure message="client-egress-l7 failed" failureMessage="a" failureMessage="b">client-egress-l7/pod-to-pod:curl-0: a (10.0.0.1) -&gt; b (10.0.0.2:8080)</failure></testcase>
</testsuite></testsuites>`;
model.suites.push(
  provisioningSuite({ durationMs: 150_000 }),
  connectivitySuite(
    judge({
      xml: junit,
      exitCode: 1,
      crash: undefined,
      durationMs: 50_600,
      command: "cilium connectivity test",
      junitFile: "c.xml",
    }),
  ),
);
model.findings.push({
  id: "pool-range-includes-broadcast",
  severity: "warning",
  message: "pool ends at .255",
  file: "pool.yaml",
  line: 9,
});
await writeReport({ reportDir: join(cwd, "reports", "render-check"), model, env: {} });

const io = {
  stdout: (t: string) => process.stdout.write(t),
  stderr: (t: string) => process.stderr.write(t),
  env: process.env,
  cwd,
};
if ((await runCli(["report"], io)) !== 0) process.exit(1);
const server = await serveStatic(join(cwd, "reports", "render-check", "allure-report"));
try {
  // Async on purpose: the server answering Chromium runs in this very process.
  await promisify(execFile)(
    process.env.CHROMIUM_BIN ?? "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Only loopback resolves: the page cannot reach anything else even if it tried.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      `--user-data-dir=${await mkdtemp(join(tmpdir(), "cc-chromium-"))}`,
      `--screenshot=${screenshot}`,
      "--window-size=1280,900",
      "--virtual-time-budget=5000",
      `${server.url}#suites`,
    ],
    { timeout: 60_000 },
  );
} finally {
  await server.close();
}
process.stdout.write(`screenshot: ${screenshot}\n`);
