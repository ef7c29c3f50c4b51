import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChartCache } from "../../src/charts/chart-cache.ts";
import { downloadChart } from "../../src/charts/chart-download.ts";
import { loadChart } from "../../src/charts/chart-source.ts";
import { ChartError, EnvironmentError } from "../../src/errors.ts";
import { type ChartRepoServer, startChartRepo } from "./support/chart-repo-server.ts";
import { tempDir } from "./support/test-charts.ts";

let server: ChartRepoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("downloading charts from a Helm repository (loopback HTTP)", () => {
  it("fetches the index and the archive, verifies the digest and reads the chart", async () => {
    server = await startChartRepo({ versions: ["1.18.11", "1.19.5"] });
    const cache = new ChartCache(tempDir());
    const chart = await loadChart({ kind: "repo", repoUrl: server.url }, "cilium", "1.19.5", cache);
    expect(chart.version).toBe("1.19.5");
    expect(chart.fromCache).toBe(false);
    expect(chart.origin).toBe(`${server.url}charts/cilium-1.19.5.tgz`);
    expect(server.requests).toEqual(["/index.yaml", "/charts/cilium-1.19.5.tgz"]);
  });

  it("serves the second run from the cache without any HTTP request", async () => {
    server = await startChartRepo({ versions: ["1.18.11"] });
    const cache = new ChartCache(tempDir());
    await downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.18.11", cache });
    const before = server.requests.length;
    const again = await downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.18.11", cache });
    expect(again.fromCache).toBe(true);
    expect(server.requests.length).toBe(before);
    // The cache is keyed by repo, chart, version and digest.
    const [repoFolder] = readdirSync(cache.dir);
    expect(repoFolder).toMatch(/^127\.0\.0\.1-\d+-[0-9a-f]{12}$/);
    expect(readdirSync(path.join(cache.dir, repoFolder!)).sort()).toEqual([
      `cilium-1.18.11-${again.digest.slice(0, 16)}.tgz`,
      "cilium-1.18.11.json",
    ]);
  });

  it("downloads again when the cached archive was damaged", async () => {
    server = await startChartRepo({ versions: ["1.18.11"] });
    const cache = new ChartCache(tempDir());
    const first = await downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.18.11", cache });
    writeFileSync(first.archive, "truncated");
    const second = await downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.18.11", cache });
    expect(second.fromCache).toBe(false);
    expect(server.requests.filter((p) => p.endsWith(".tgz"))).toHaveLength(2);
  });

  it("refuses an archive whose sha256 differs from the index digest (exit 3), caching nothing", async () => {
    server = await startChartRepo({ versions: ["1.18.11"], badDigest: ["1.18.11"] });
    const cache = new ChartCache(tempDir());
    const error = await thrown(
      downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.18.11", cache }),
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe("CC_ENV_CHECKSUM_MISMATCH");
    expect((error as EnvironmentError).exitCode).toBe(3);
    expect(readdirSync(cache.dir)).toEqual([]);
  });

  it("accepts an index entry without a digest and records the archive's own sha256", async () => {
    server = await startChartRepo({ versions: ["1.17.5"], noDigest: ["1.17.5"] });
    const cache = new ChartCache(tempDir());
    const first = await downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.17.5", cache });
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await downloadChart({ repoUrl: server.url, chart: "cilium", version: "1.17.5", cache })).fromCache,
    ).toBe(true);
  });

  it("reports an unknown version as bad input (exit 2)", async () => {
    server = await startChartRepo({ versions: ["1.18.11"] });
    const error = await thrown(
      downloadChart({
        repoUrl: server.url,
        chart: "cilium",
        version: "1.18.99",
        cache: new ChartCache(tempDir()),
      }),
    );
    expect(error).toBeInstanceOf(ChartError);
    expect((error as ChartError).exitCode).toBe(2);
  });

  it("reports an unreachable repository as an environment failure (exit 3)", async () => {
    server = await startChartRepo({ versions: [] });
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await thrown(
      downloadChart({ repoUrl: url, chart: "cilium", version: "1.18.11", cache: new ChartCache(tempDir()) }),
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe("CC_ENV_DOWNLOAD_FAILED");
  });

  it("refuses OCI repositories with what to do instead (exit 2)", async () => {
    const error = await thrown(
      downloadChart({
        repoUrl: "oci://quay.io/cilium/charts",
        chart: "cilium",
        version: "1.18.11",
        cache: new ChartCache(tempDir()),
      }),
    );
    expect(error).toBeInstanceOf(ChartError);
    expect((error as ChartError).code).toBe("CC_CHART_SOURCE_UNSUPPORTED");
    expect((error as ChartError).hint).toContain("--chart-to");
  });
});
