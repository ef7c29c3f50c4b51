import { describe, expect, it } from "vitest";
import { RepoError } from "../../src/errors.ts";
import {
  mergeValues,
  splitPath,
  type ValuesLayerInput,
  valuesLayerFromYaml,
  valuesModelFromLayers,
  valuesModelFromYaml,
} from "../../src/repo/values-model.ts";
import { thrown, yaml } from "../support/temp-repo.ts";

const base = yaml`
  kubeProxyReplacement: true
  hubble:
    enabled: true
    relay:
      enabled: false
    metrics:
      enabled: [dns, drop]
  podAnnotations:
    prometheus.io/scrape: "true"
  operator:
    replicas: 2
`;

const overlay = yaml`
  hubble:
    relay:
      enabled: true
    metrics:
      enabled: [flow]
  operator: null
`;

function layers(): ValuesLayerInput[] {
  return [
    valuesLayerFromYaml(base, "values.yaml", "base"),
    valuesLayerFromYaml(overlay, "release.yaml", "overlay"),
  ];
}

describe("mergeValues (Flux MergeMaps)", () => {
  it("merges maps recursively and lets lists, scalars and null replace", () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: { e: 1 } }, { a: { c: [3] }, d: null })).toEqual({
      a: { b: 1, c: [3] },
      d: null,
    });
    expect(mergeValues({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
    expect(mergeValues({ a: { b: 2 } }, { a: "x" })).toEqual({ a: "x" });
  });
});

describe("valuesModelFromLayers", () => {
  const model = valuesModelFromLayers(layers(), { file: "release.yaml", line: 1 });

  it("gives the merged value of a dotted path, later layers winning", () => {
    expect(model.get("kubeProxyReplacement")).toBe(true);
    expect(model.get("hubble.relay.enabled")).toBe(true);
    expect(model.get("hubble.metrics.enabled")).toEqual(["flow"]);
    expect(model.get("hubble.metrics.enabled.0")).toBe("flow");
    expect(model.get("hubble.ui.enabled")).toBeUndefined();
  });

  it("keeps an explicit null (Helm then drops the chart default)", () => {
    expect(model.has("operator")).toBe(true);
    expect(model.get("operator")).toBeNull();
    expect(model.has("operator.replicas")).toBe(false);
  });

  it("finds keys that contain dots", () => {
    expect(model.get("podAnnotations.prometheus.io/scrape")).toBe("true");
    expect(model.get("podAnnotations.prometheus\\.io/scrape")).toBe("true");
  });

  it("locates the layer that wrote the winning value", () => {
    expect(model.locate("kubeProxyReplacement")).toEqual({ file: "values.yaml", line: 1 });
    expect(model.locate("hubble.relay.enabled")).toEqual({ file: "release.yaml", line: 3 });
    expect(model.locate("hubble.enabled")).toEqual({ file: "values.yaml", line: 3 });
    expect(model.locate("hubble.metrics.enabled")).toEqual({ file: "release.yaml", line: 5 });
    expect(model.locate("operator.replicas")).toEqual({ file: "release.yaml", line: 6 });
  });

  it("locates an unset path at its nearest set ancestor", () => {
    expect(model.locate("hubble.ui.enabled")).toEqual({ file: "release.yaml", line: 1 });
    expect(model.locate("gatewayAPI.enabled")).toEqual({ file: "values.yaml", line: 1 });
  });

  it("lists every leaf the repo sets, with where", () => {
    const leaves = Object.fromEntries(model.leafPaths().map((leaf) => [leaf.path, leaf.location]));
    expect(Object.keys(leaves).sort()).toEqual([
      "hubble.enabled",
      "hubble.metrics.enabled",
      "hubble.relay.enabled",
      "kubeProxyReplacement",
      "operator",
      "podAnnotations.prometheus.io/scrape",
    ]);
    expect(leaves["podAnnotations.prometheus.io/scrape"]).toEqual({ file: "values.yaml", line: 9 });
  });

  it("places a targetPath layer under its path", () => {
    const target: ValuesLayerInput = {
      layer: {
        description: "valuesFrom Secret x at hubble.ui.enabled",
        file: "secret.yaml",
        targetPath: "hubble.ui.enabled",
      },
      values: true,
      lineOf: () => 12,
    };
    const withTarget = valuesModelFromLayers([...layers(), target], { file: "release.yaml", line: 1 });
    expect(withTarget.get("hubble.ui.enabled")).toBe(true);
    expect(withTarget.get("hubble.enabled")).toBe(true);
    expect(withTarget.locate("hubble.ui.enabled")).toEqual({ file: "secret.yaml", line: 12 });
    expect(withTarget.layers.map((layer) => layer.description)).toEqual([
      "base",
      "overlay",
      "valuesFrom Secret x at hubble.ui.enabled",
    ]);
  });

  it("points at the fallback when there are no layers", () => {
    const empty = valuesModelFromLayers([], { file: "release.yaml", line: 4 });
    expect(empty.merged).toEqual({});
    expect(empty.locate("hubble.enabled")).toEqual({ file: "release.yaml", line: 4 });
    expect(empty.leafPaths()).toEqual([]);
  });
});

describe("valuesModelFromYaml", () => {
  it("reads one values file with lines, offset into an embedding file when asked", () => {
    const model = valuesModelFromYaml("a:\n  b: 1\n", "values.yaml");
    expect(model.locate("a.b")).toEqual({ file: "values.yaml", line: 2 });
    const shifted = valuesLayerFromYaml("a:\n  b: 1\n", "cm.yaml", "embedded", 10);
    expect(shifted.lineOf(["a", "b"])).toBe(12);
  });

  it("rejects values that are not a map", () => {
    const error = thrown(() => valuesModelFromYaml("\n\n- a\n", "values.yaml"));
    expect(error).toBeInstanceOf(RepoError);
    expect(error.code).toBe("CC_REPO_VALUES_INVALID");
    expect(error.line).toBe(3);
    expect(error.message).toContain("a list");
  });

  it("treats an empty file as no values", () => {
    expect(valuesModelFromYaml("# nothing yet\n", "values.yaml").merged).toEqual({});
  });
});

describe("splitPath", () => {
  it("splits on dots that are not escaped", () => {
    expect(splitPath("a.b\\.c.d")).toEqual(["a", "b.c", "d"]);
    expect(splitPath("")).toEqual([]);
  });
});
