import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { chartVersionsInIndex, scanHelmLayout } from "../../src/charts/helm-index-versions.ts";
import { helmIndex } from "./support/helm-index-server.ts";

const versions = ["1.19.5", "1.19.6", "1.20.0-pre.2", "1.18.11", "1.18.12"];
const index = helmIndex({ cilium: versions, tetragon: ["1.5.0"] }, ["1.18.12"]);
const expected = versions.map((version) => ({ version, deprecated: version === "1.18.12" }));

describe("chartVersionsInIndex", () => {
  it("reads Helm's layout with a line scan: every version of the chart, deprecated ones marked", () => {
    expect(chartVersionsInIndex(index, "cilium", "index.yaml")).toEqual({
      versions: expected,
      readAs: "helm-layout",
    });
    expect(chartVersionsInIndex(index, "tetragon", "index.yaml").versions).toEqual([
      { version: "1.5.0", deprecated: false },
    ]);
  });

  it("the scan and the YAML parse agree; an index in another layout is parsed as YAML", () => {
    const json = JSON.stringify({
      apiVersion: "v1",
      entries: { cilium: versions.map((version) => ({ version, deprecated: version === "1.18.12" })) },
    });
    expect(scanHelmLayout(json, "cilium")).toBeUndefined();
    expect(chartVersionsInIndex(json, "cilium", "index.json")).toEqual({
      versions: expected,
      readAs: "yaml",
    });
    // Written again by another YAML writer (sequences indented under their key): not Helm's layout.
    const indented = stringify(parse(index));
    expect(indented).toContain("\n    - annotations:");
    expect(scanHelmLayout(indented, "cilium")).toBeUndefined();
    expect(chartVersionsInIndex(indented, "cilium", "index.yaml")).toEqual({
      versions: expected,
      readAs: "yaml",
    });
  });

  it("reads quoted versions, and leaves an entry without a version to the YAML parser", () => {
    const quoted = index.replace("    version: 1.19.5", '    version: "1.19.5"');
    expect(chartVersionsInIndex(quoted, "cilium", "i").versions[0]).toEqual({
      version: "1.19.5",
      deprecated: false,
    });
    const missing = index.replace("    version: 1.19.6\n", "");
    expect(scanHelmLayout(missing, "cilium")).toBeUndefined();
    expect(chartVersionsInIndex(missing, "cilium", "i").versions.map((v) => v.version)).not.toContain(
      "1.19.6",
    );
  });

  it("names the index when it lacks the chart or is not an index at all", () => {
    expect(() => chartVersionsInIndex(index, "hubble", "https://helm.example.test/index.yaml")).toThrow(
      'https://helm.example.test/index.yaml has no chart named "hubble"',
    );
    expect(() => chartVersionsInIndex("<html>nope</html>", "cilium", "f.yaml")).toThrow(
      "f.yaml is not a Helm repository index",
    );
    expect(() => chartVersionsInIndex("a: [", "cilium", "g.yaml")).toThrow(
      "g.yaml is not a Helm repository index",
    );
  });
});
