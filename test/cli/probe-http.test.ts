import { afterEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.ts";
import { runProbeHttp } from "../../src/cli/probe-http.ts";
import { renderError } from "../../src/errors.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "../probes/http-test-server.ts";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function io(): CliIO & { out: string; err: string } {
  const sink = { out: "", err: "" };
  return Object.assign(sink, {
    stdout: (text: string) => {
      sink.out += text;
    },
    stderr: (text: string) => {
      sink.err += text;
    },
    env: {},
    cwd: process.cwd(),
  });
}

/** What `probe http` gets from the CLI parser (E's probe command passes positionals [http, url]). */
function input(url: string, options: Record<string, string | string[]> = {}) {
  return { positionals: ["http", url], options };
}

// The convergence budget runs on a manual clock (moved only by the probe's own pauses), so the
// answers from the loopback server are never cut by a deadline on a slow machine (issue 17).
describe("probe http", () => {
  it("converges and prints the backend (json)", async () => {
    server = await startLoopbackServer((request, response) =>
      response.end(echoBody(request, { pod: "echo-v1-abc", service: "echo-v1" })),
    );
    const out = io();
    const code = await runProbeHttp(
      input(server.url, {
        host: "echo.home.example",
        path: "/items",
        header: ["X-Env: test"],
        "expect-service": "echo-v1",
        format: "json",
        timeout: "10s",
      }),
      out,
      manualClock(),
    );
    expect(code).toBe(0);
    const report = JSON.parse(out.out);
    expect(report).toMatchObject({
      url: server.url,
      host: "echo.home.example",
      path: "/items",
      converged: true,
      consecutive: 3,
      attempts: 3,
      backends: { "conformance/echo-v1-abc": 3 },
      last: { status: 200, backend: { pod: "echo-v1-abc", service: "echo-v1", namespace: "conformance" } },
    });
    expect(report.latency.count).toBe(3);
  });

  it("prints a human summary: target, convergence, backend, latency", async () => {
    server = await startLoopbackServer((request, response) =>
      response.end(echoBody(request, { pod: "echo-v1-abc" })),
    );
    const out = io();
    expect(
      await runProbeHttp(
        input(server.url, { host: "echo.home.example", consecutive: "1" }),
        out,
        manualClock(),
      ),
    ).toBe(0);
    const lines = out.out.split("\n");
    expect(lines[0]).toBe(`${server.url} (Host: echo.home.example)`);
    expect(lines[1]).toMatch(/^converged: 1 consecutive matching answers after 1 requests in 0\.0s$/);
    expect(lines[2]).toMatch(/^last: 200 from conformance\/echo-v1-abc \(service echo\) in \d+ms$/);
    expect(lines[3]).toBe("backends: conformance/echo-v1-abc ×1");
    expect(lines[4]).toMatch(
      /^latency: min [\d.]+ms \/ median [\d.]+ms \/ p95 [\d.]+ms \/ max [\d.]+ms \(1 responses\)$/,
    );
  });

  it("exits 1 with the last observation when it does not converge (human)", async () => {
    server = await startLoopbackServer((request, response) =>
      response.end(echoBody(request, { pod: "echo-v2-xyz", service: "echo-v2" })),
    );
    const out = io();
    const code = await runProbeHttp(
      input(server.url, { "expect-service": "echo-v1", timeout: "10s", consecutive: "2" }),
      out,
      manualClock(),
    );
    expect(code).toBe(1);
    expect(out.out).toContain("not converged after");
    expect(out.err).toMatch(/^error\[CC_WAIT_TIMEOUT\]: probeHttp: not 2 consecutive matching answers/);
    expect(out.err).toContain('[service "echo-v2" (want "echo-v1")]');
  });

  it("refuses bad input with usage errors (exit 2)", async () => {
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ header: ["no-colon"] }, /--header must be name:value/],
      [{ timeout: "soon" }, /--timeout must be a duration/],
      [{ path: "items" }, /--path must start with "\/"/],
      [{ "expect-status": "20" }, /--expect-status must be an HTTP status/],
      [{ consecutive: "0" }, /--consecutive must be at least 1/],
    ];
    for (const [options, message] of cases) {
      const error = await runProbeHttp(input("http://127.0.0.1:9/", options), io()).catch((e: unknown) => e);
      const rendered = renderError(error);
      expect(rendered.exitCode).toBe(2);
      expect(rendered.text).toMatch(message);
    }
    const badUrl = await runProbeHttp(input("ftp://x/"), io()).catch((e: unknown) => e);
    expect(renderError(badUrl).exitCode).toBe(2);
  });
});
