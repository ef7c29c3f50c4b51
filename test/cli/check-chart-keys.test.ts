// `check` and the pinned chart's keys, end to end: offline by default (a chart that is not in the
// cache is said so, one info), --fetch-chart downloads it once from the HelmRelease's repository
// (here a loopback Helm repository serving a small Cilium-shaped chart), and from then on a plain
// `check` finds a mistyped key offline, with the key it meant.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { type ChartRepoServer, startChartRepo } from "../charts/support/chart-repo-server.ts";
import { fixtureWith } from "../support/temp-repo.ts";

interface JsonFinding {
  id: string;
  severity: string;
  message: string;
  file: string;
  line: number;
}

let server: ChartRepoServer;
beforeAll(async () => {
  server = await startChartRepo({ versions: ["1.18.11"] });
});
afterAll(() => server.close());

async function check(root: string, cache: string, extra: string[] = []) {
  let stdout = "";
  const exit = await runCli(["check", "--repo", root, "--format", "json", ...extra], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => undefined,
    env: { CILIUM_CONFORMANCE_CACHE_DIR: cache },
    cwd: root,
  });
  const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
  return { exit, findings: findings.filter((f) => f.id === "values-key-unknown") };
}

describe("check against the pinned chart's keys", () => {
  it("is offline until asked, then finds a mistyped key from the cached chart", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "cc-chart-cache-"));
    const root = fixtureWith({
      "infra/controllers/cilium/helm-repository.yaml": `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: cilium\n  namespace: kube-system\nspec:\n  interval: 24h\n  url: ${server.url}\n`,
    });
    const values = path.join(root, "infra/controllers/cilium/values.yaml");
    const { readFileSync, writeFileSync } = await import("node:fs");
    writeFileSync(
      values,
      readFileSync(values, "utf8").replace("  relay:\n    enabled: true", "  relay:\n    enable: true"),
    );

    const offline = await check(root, cache);
    expect(server.requests).toEqual([]);
    expect(offline.findings).toEqual([
      expect.objectContaining({
        severity: "info",
        message: expect.stringContaining("is not in the chart cache"),
      }),
    ]);

    const fetched = await check(root, cache, ["--fetch-chart"]);
    expect(server.requests).toEqual(["/index.yaml", "/charts/cilium-1.18.11.tgz"]);
    const typo = fetched.findings.find((f) => f.message.startsWith("hubble.relay.enable "));
    expect(typo).toMatchObject({
      severity: "warning",
      file: "infra/controllers/cilium/values.yaml",
      line: 42,
    });
    expect(typo?.message).toContain("Did you mean `hubble.relay.enabled`?");

    // The cache answers from now on: no request, the same finding.
    const again = await check(root, cache);
    expect(server.requests).toHaveLength(2);
    expect(again.findings.find((f) => f.message.startsWith("hubble.relay.enable "))).toEqual(typo);
  });
});
