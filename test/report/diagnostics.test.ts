import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectDiagnostics, uniqueStems } from "../../src/report/diagnostics.ts";

describe("collectDiagnostics", () => {
  it("runs collectors concurrently; a failing, throwing or hanging one never stops the others", async () => {
    const reportDir = await mkdtemp(join(tmpdir(), "cc-diag-"));
    let hangAborted = false;
    const started = Date.now();
    const results = await collectDiagnostics({
      reportDir,
      // Far above anything here: only "hubble drops" is cut, by its own 100 ms.
      defaultTimeoutMs: 20_000,
      collectors: [
        {
          name: "events cc-l2",
          collect: async () => "LAST SEEN  TYPE  REASON\n1s  Warning  FailedScheduling\n",
        },
        {
          name: "pool status",
          collect: async () => ({ conditions: [{ type: "cilium.io/IPsTotal", message: "226" }] }),
        },
        {
          name: "agent log cc-worker",
          collect: async () => Promise.reject(new Error("pod cilium-x not found")),
        },
        {
          name: "sync throw",
          collect: () => {
            throw new Error("thrown before any promise");
          },
        },
        {
          name: "hubble drops",
          timeoutMs: 100,
          collect: (signal) =>
            new Promise((_, reject) => {
              signal.addEventListener("abort", () => {
                hangAborted = true;
                reject(signal.reason);
              });
            }),
        },
        { name: "bytes", collect: async () => new Uint8Array([1, 2, 3]) },
      ],
    });
    // Nothing waited for the default: the hanging collector did not hold the others (a margin of
    // 10 s, as a loaded machine may take seconds over writing the files).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(results.map((r) => [r.name, r.status, r.attachment.path])).toEqual([
      ["events cc-l2", "ok", "diagnostics/events-cc-l2.txt"],
      ["pool status", "ok", "diagnostics/pool-status.json"],
      ["agent log cc-worker", "failed", "diagnostics/agent-log-cc-worker.error.txt"],
      ["sync throw", "failed", "diagnostics/sync-throw.error.txt"],
      ["hubble drops", "timed-out", "diagnostics/hubble-drops.error.txt"],
      ["bytes", "ok", "diagnostics/bytes.bin"],
    ]);
    expect(hangAborted).toBe(true);
    expect(await readFile(join(reportDir, "diagnostics/events-cc-l2.txt"), "utf8")).toContain(
      "FailedScheduling",
    );
    expect(JSON.parse(await readFile(join(reportDir, "diagnostics/pool-status.json"), "utf8"))).toEqual({
      conditions: [{ type: "cilium.io/IPsTotal", message: "226" }],
    });
    expect(await readFile(join(reportDir, "diagnostics/agent-log-cc-worker.error.txt"), "utf8")).toBe(
      'collector "agent log cc-worker" failed: pod cilium-x not found\n',
    );
    expect(await readFile(join(reportDir, "diagnostics/hubble-drops.error.txt"), "utf8")).toMatch(
      /timed out: no result within 100 ms/,
    );
    const index = JSON.parse(await readFile(join(reportDir, "diagnostics/index.json"), "utf8")) as unknown[];
    expect(index).toHaveLength(6);
  });
});

describe("uniqueStems", () => {
  it("makes file-safe, unique names", () => {
    expect(uniqueStems(["Agent log: cc-worker", "agent log cc-worker", "///"])).toEqual([
      "agent-log-cc-worker",
      "agent-log-cc-worker-2",
      "collector",
    ]);
  });
});
