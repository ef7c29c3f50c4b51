import { describe, expect, it } from "vitest";
import { labelsNotSelectedBy, labelsSelectedBy } from "../../src/conformance/label-selector-match.ts";
import { describeDifferences, specDifferences } from "../../src/conformance/spec-match.ts";
import { selectorMatches } from "../../src/k8s/label-selector.ts";

describe("selectorMatches", () => {
  it("ANDs matchLabels and every expression operator", () => {
    const selector = {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["front", "edge"] },
        { key: "env", operator: "NotIn", values: ["dev"] },
        { key: "l2", operator: "Exists" },
        { key: "internal", operator: "DoesNotExist" },
      ],
    };
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "" })).toBe(true);
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "", env: "dev" })).toBe(false);
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "", internal: "x" })).toBe(false);
    expect(selectorMatches(selector, { app: "web", tier: "back", l2: "" })).toBe(false);
    expect(selectorMatches(undefined, {})).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "a", operator: "Gt" }] }, { a: "1" })).toBe(false);
  });
});

describe("labels for and against a selector", () => {
  it("builds labels a selector selects, or none for a contradiction", () => {
    const selector = {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["front"] },
        { key: "l2", operator: "Exists" },
      ],
    };
    const labels = labelsSelectedBy(selector);
    expect(labels).toEqual({ app: "web", tier: "front", l2: "true" });
    expect(selectorMatches(selector, labels ?? {})).toBe(true);
    expect(
      labelsSelectedBy({
        matchLabels: { a: "1" },
        matchExpressions: [{ key: "a", operator: "DoesNotExist" }],
      }),
    ).toBeUndefined();
  });
  it("builds labels a selector does not select, keeping a base set, and none for select-all", () => {
    expect(
      labelsNotSelectedBy({ matchLabels: { announce: "l2" } }, { pool: "home", announce: "l2" }),
    ).toEqual({ pool: "home" });
    expect(labelsNotSelectedBy({ matchExpressions: [{ key: "private", operator: "DoesNotExist" }] })).toEqual(
      { private: "true" },
    );
    expect(
      labelsNotSelectedBy({ matchExpressions: [{ key: "env", operator: "NotIn", values: ["lab"] }] }),
    ).toEqual({ env: "lab" });
    expect(labelsNotSelectedBy(undefined)).toBeUndefined();
    expect(labelsNotSelectedBy({})).toBeUndefined();
  });
});

describe("specDifferences", () => {
  it("accepts fields the API server added and reports changed or missing ones by path", () => {
    const repo = { blocks: [{ start: "192.168.5.30", stop: "192.168.5.255" }] };
    expect(specDifferences(repo, { ...repo, disabled: false })).toEqual([]);
    const differences = specDifferences(repo, { blocks: [{ start: "192.168.5.30", stop: "192.168.5.254" }] });
    expect(describeDifferences(differences)).toBe(
      'spec.blocks[0].stop: repo "192.168.5.255", cluster "192.168.5.254"',
    );
    expect(specDifferences({ interfaces: ["^eth0$"] }, {})).toEqual([
      { path: "spec.interfaces", expected: ["^eth0$"], actual: undefined },
    ]);
  });
});
