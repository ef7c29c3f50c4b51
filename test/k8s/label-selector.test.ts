import { describe, expect, it } from "vitest";
import { asLabelSelector, describeSelector, selectorMatches } from "../../src/k8s/label-selector.ts";

describe("selectorMatches", () => {
  const selector = {
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["edge", "front"] },
      { key: "env", operator: "NotIn", values: ["dev"] },
      { key: "l2", operator: "Exists" },
      { key: "internal", operator: "DoesNotExist" },
    ],
  };

  it("needs every matchLabel and every expression", () => {
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "" })).toBe(true);
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "", env: "prod" })).toBe(true);
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "", env: "dev" })).toBe(false);
    expect(selectorMatches(selector, { app: "web", tier: "edge", l2: "", internal: "x" })).toBe(false);
    expect(selectorMatches(selector, { app: "web", tier: "back", l2: "" })).toBe(false);
    expect(selectorMatches(selector, { app: "api", tier: "edge", l2: "" })).toBe(false);
    expect(selectorMatches(selector, { app: "web", l2: "" })).toBe(false);
  });

  it("selects everything when absent or empty, nothing on an unknown operator", () => {
    expect(selectorMatches(undefined, {})).toBe(true);
    expect(selectorMatches({}, { any: "thing" })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "a", operator: "Gt" }] }, { a: "1" })).toBe(false);
  });
});

describe("describeSelector / asLabelSelector", () => {
  it("writes selectors the way kubectl users read them", () => {
    expect(
      describeSelector({
        matchLabels: { zone: "a" },
        matchExpressions: [
          { key: "role", operator: "In", values: ["x", "y"] },
          { key: "pool", operator: "NotIn", values: ["z"] },
          { key: "l2", operator: "Exists" },
          { key: "nolb", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("zone=a, role in (x,y), pool notin (z), l2, !nolb");
    expect(describeSelector({})).toBe("(every node)");
  });

  it("takes only maps as selectors", () => {
    expect(asLabelSelector({ matchLabels: { a: "b" } })).toEqual({ matchLabels: { a: "b" } });
    expect(asLabelSelector(["a"])).toBeUndefined();
    expect(asLabelSelector(null)).toBeUndefined();
  });
});
