import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readChartArchive, readChartFolder, readLocalChart } from "../../src/charts/chart-archive.ts";
import { parseChartFiles } from "../../src/charts/loaded-chart.ts";
import { ChartError } from "../../src/errors.ts";
import { tempDir, writeChartArchive, writeChartFolder } from "./support/test-charts.ts";

describe("reading a chart archive or folder", () => {
  it("reads Chart.yaml, values.yaml and values.schema.json from a Helm .tgz", async () => {
    const files = await readChartArchive(await writeChartArchive("1.18.11"));
    const chart = parseChartFiles(files);
    expect(chart.name).toBe("cilium");
    expect(chart.version).toBe("1.18.11");
    expect(chart.values.hubble).toMatchObject({ relay: { enabled: false } });
    expect(chart.values.externalIPs).toBeUndefined();
    expect(chart.schema?.properties).toHaveProperty("k8sClientRateLimit");
  });

  it("has no schema for a 1.15 chart, as the real one", async () => {
    const chart = parseChartFiles(await readChartArchive(await writeChartArchive("1.15.19")));
    expect(chart.schema).toBeUndefined();
    expect(chart.values.externalIPs).toEqual({ enabled: false });
  });

  it("reads an unpacked chart from the folder holding cilium/ or from cilium/ itself", () => {
    const dir = writeChartFolder("1.17.5");
    expect(parseChartFiles(readChartFolder(dir)).version).toBe("1.17.5");
    expect(parseChartFiles(readChartFolder(path.join(dir, "cilium"))).version).toBe("1.17.5");
  });

  it("picks a .tgz or a folder by what the path is", async () => {
    expect(parseChartFiles(await readLocalChart(writeChartFolder("1.19.5"))).version).toBe("1.19.5");
    expect(parseChartFiles(await readLocalChart(await writeChartArchive("1.19.5"))).version).toBe("1.19.5");
  });

  it("refuses a missing path, a non-archive and a folder without a chart, with exit 2", async () => {
    const dir = tempDir();
    const notArchive = path.join(dir, "notes.tgz");
    writeFileSync(notArchive, "this is not gzip");
    for (const attempt of [
      () => readLocalChart(path.join(dir, "missing.tgz")),
      () => readLocalChart(notArchive),
      () => readLocalChart(dir),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ChartError);
      expect((error as ChartError).exitCode).toBe(2);
    }
  });

  it("says which file is missing from a folder", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "Chart.yaml"), "name: cilium\nversion: 1.18.11\n");
    expect(() => readChartFolder(dir)).toThrow(/no \.\/values\.yaml/);
  });
});
