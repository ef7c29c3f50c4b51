// Small Cilium-shaped charts written to temp folders (removed after the test file), as folders or
// as Helm archives. Their content is in chart-content.ts.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { create } from "tar";
import { afterAll } from "vitest";
import { chartYaml, hasSchema, schemaJson, valuesYaml } from "./chart-content.ts";

const created: string[] = [];
afterAll(() => {
  for (const folder of created) rmSync(folder, { recursive: true, force: true });
});

export function tempDir(prefix = "cc-charts-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `<dir>/cilium/{Chart.yaml,values.yaml,values.schema.json}`; returns `<dir>`. */
export function writeChartFolder(version: string, dir = tempDir()): string {
  const chart = path.join(dir, "cilium");
  mkdirSync(path.join(chart, "templates"), { recursive: true });
  writeFileSync(path.join(chart, "Chart.yaml"), chartYaml(version));
  writeFileSync(path.join(chart, "values.yaml"), valuesYaml(version));
  if (hasSchema(version)) writeFileSync(path.join(chart, "values.schema.json"), schemaJson());
  writeFileSync(path.join(chart, "templates", "NOTES.txt"), "test chart\n");
  return dir;
}

/** Packs the chart as Helm does (`cilium/...` inside a gzipped tar); returns the .tgz path. */
export async function writeChartArchive(version: string, dir = tempDir()): Promise<string> {
  const source = writeChartFolder(version);
  const file = path.join(dir, `cilium-${version}.tgz`);
  await create({ gzip: true, file, cwd: source, portable: true }, ["cilium"]);
  return file;
}
