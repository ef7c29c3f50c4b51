// Infra repos for upgrade tests: copies of fixtures/homelab pinned at another version, with other
// values or manifests, and charts parsed straight from the tests' chart content.

import { readFileSync } from "node:fs";
import path from "node:path";
import { type LoadedChart, parseChartFiles } from "../../../src/charts/loaded-chart.ts";
import type { InfraModel } from "../../../src/repo/infra-model.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { previewUpgrade } from "../../../src/upgrade/preview-upgrade.ts";
import type { UpgradeFinding } from "../../../src/upgrade/upgrade-finding.ts";
import { chartYaml, hasSchema, schemaJson, valuesYaml } from "../../charts/support/chart-content.ts";
import { fixtureRoot, fixtureWith } from "../../support/temp-repo.ts";

export const VALUES_FILE = "infra/controllers/cilium/values.yaml";
export const RELEASE_FILE = "infra/controllers/cilium/helm-release.yaml";
export const POOL_FILE = "infra/configs/cilium/load-balancer-ip-pool.yaml";
export const L2_FILE = "infra/configs/cilium/l2-announcement-policy.yaml";

export interface RepoChanges {
  /** Chart version the HelmRelease pins (the fixture pins 1.18.11). */
  pin?: string;
  /** Replaces the values file. */
  values?: string;
  /** Replaces the pool file. */
  pool?: string;
  /** Extra or replaced files. */
  files?: Record<string, string>;
}

export function fixtureText(file: string): string {
  return readFileSync(path.join(fixtureRoot, file), "utf8");
}

export function repoWith(changes: RepoChanges = {}): string {
  const release = fixtureText(RELEASE_FILE).replace(
    "version: 1.18.11",
    `version: ${changes.pin ?? "1.18.11"}`,
  );
  return fixtureWith({
    [RELEASE_FILE]: release,
    ...(changes.values === undefined ? {} : { [VALUES_FILE]: changes.values }),
    ...(changes.pool === undefined ? {} : { [POOL_FILE]: changes.pool }),
    ...changes.files,
  });
}

export function modelWith(changes: RepoChanges = {}): InfraModel {
  return loadInfraRepo(repoWith(changes));
}

/** A test chart of this version, parsed (no archive needed). */
export function testChart(version: string): LoadedChart {
  return parseChartFiles({
    chartYaml: chartYaml(version),
    valuesYaml: valuesYaml(version),
    schemaJson: hasSchema(version) ? schemaJson() : undefined,
    origin: `test chart ${version}`,
  });
}

export function preview(from: string, to: string, changes: RepoChanges = {}): UpgradeFinding[] {
  return previewUpgrade({
    model: modelWith({ pin: from, ...changes }),
    currentChart: testChart(from),
    candidateChart: testChart(to),
  });
}

/** The line of the first occurrence of `text` in a fixture-shaped file's text. */
export function lineOf(fileText: string, text: string): number {
  const index = fileText.split("\n").findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`"${text}" not in the file`);
  return index + 1;
}
