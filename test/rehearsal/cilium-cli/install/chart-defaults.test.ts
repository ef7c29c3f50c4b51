import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartDefaults } from "../../../../rehearsal/cilium-cli/install/chart-defaults.ts";
import { readSample } from "../../support/samples.ts";

const SAMPLE_VERSIONS = ["1.16.19", "1.17.5", "1.17.17", "1.18.11", "1.19.5"];

/** Every leaf of the double's defaults, with its dotted path. */
function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [[path, value]];
}

function at(tree: unknown, path: string[]): { found: boolean; value?: unknown } {
  let node = tree;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return { found: false };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

describe("chart defaults", () => {
  for (const version of SAMPLE_VERSIONS) {
    it(`match the ${version} chart's values.yaml leaf by leaf`, () => {
      const chart = parse(readSample(`charts/${version}/values.yaml`), { version: "1.1" });
      const mismatches: string[] = [];
      for (const [path, value] of leaves(chartDefaults(version))) {
        const real = at(chart, path);
        if (!real.found) mismatches.push(`${path.join(".")}: not in the chart`);
        else if (JSON.stringify(real.value) !== JSON.stringify(value)) {
          mismatches.push(
            `${path.join(".")}: double ${JSON.stringify(value)}, chart ${JSON.stringify(real.value)}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
