import { describe, expect, it } from "vitest";
import {
  type AllureFacade,
  attachArpTranscript,
  attachConditions,
  attachFlows,
  attachHttpExchanges,
  labelTest,
} from "../../src/report/allure-labels.ts";

function recordingFacade() {
  const calls: string[][] = [];
  const record =
    (kind: string) =>
    async (...args: string[]) => {
      calls.push([kind, ...args]);
    };
  const facade: AllureFacade = {
    feature: record("feature"),
    suite: record("suite"),
    parentSuite: record("parentSuite"),
    label: record("label"),
    parameter: record("parameter"),
    attachment: record("attachment"),
  };
  return { facade, calls };
}

describe("allure labels", () => {
  it("labels a test with one suite level and the feature: no parentSuite, no per-test versions", async () => {
    const { facade, calls } = recordingFacade();
    await labelTest({ suite: "L2 announcements" }, facade);
    expect(calls).toEqual([
      ["suite", "L2 announcements"],
      ["feature", "L2 announcements"],
    ]);
  });

  it("renders an ARP transcript readably, with the owning node", async () => {
    const { facade, calls } = recordingFacade();
    await attachArpTranscript(
      "192.168.5.30 after failover",
      [
        { atMs: 0, kind: "request", ip: "192.168.5.30" },
        { atMs: 12, kind: "reply", ip: "192.168.5.30", mac: "02:42:c0:a8:05:03", node: "cc-worker" },
        { atMs: 1012, kind: "timeout", ip: "192.168.5.30" },
      ],
      facade,
    );
    expect(calls).toEqual([
      [
        "attachment",
        "ARP: 192.168.5.30 after failover",
        "+     0 ms  request 192.168.5.30\n+    12 ms  reply   192.168.5.30 02:42:c0:a8:05:03 (cc-worker)\n+  1012 ms  timeout 192.168.5.30\n",
        "text/plain",
      ],
    ]);
  });

  it("attaches HTTP exchanges and conditions as JSON and flows as JSON lines", async () => {
    const { facade, calls } = recordingFacade();
    await attachHttpExchanges(
      "path prefix",
      [{ method: "GET", url: "http://192.168.5.31/v2", status: 200, durationMs: 4 }],
      facade,
    );
    await attachConditions(
      "svc cc-l2/echo",
      [{ type: "cilium.io/IPAMRequestSatisfied", status: "True" }],
      facade,
    );
    await attachFlows(
      "cc-gw",
      [{ flow: { verdict: "FORWARDED" } }, { flow: { verdict: "DROPPED" } }],
      facade,
    );
    expect(calls[0]?.[1]).toBe("HTTP: path prefix");
    expect(JSON.parse(calls[0]?.[2] ?? "")).toEqual([
      { method: "GET", url: "http://192.168.5.31/v2", status: 200, durationMs: 4 },
    ]);
    expect(calls[1]?.slice(1, 2)).toEqual(["Conditions: svc cc-l2/echo"]);
    expect(calls[1]?.[3]).toBe("application/json");
    expect(calls[2]?.[2]).toBe('{"flow":{"verdict":"FORWARDED"}}\n{"flow":{"verdict":"DROPPED"}}');
    expect(calls[2]?.[3]).toBe("application/x-ndjson");
  });
});
