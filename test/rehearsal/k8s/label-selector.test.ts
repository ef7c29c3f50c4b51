import { describe, expect, it } from "vitest";
import { compileLabelSelector, selectorMatches } from "../../../rehearsal/k8s/label-selector.ts";

describe("compileLabelSelector", () => {
  it("matches everything when absent or empty", () => {
    expect(compileLabelSelector(undefined)({})).toBe(true);
    expect(compileLabelSelector({})({ a: "b" })).toBe(true);
  });

  it("ANDs matchLabels and every expression operator", () => {
    const match = compileLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["a", "b"] },
        { key: "env", operator: "NotIn", values: ["prod"] },
        { key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" },
        { key: "zone", operator: "Exists" },
      ],
    });
    expect(match({ app: "web", tier: "a", zone: "z" })).toBe(true);
    expect(match({ app: "web", tier: "a", zone: "z", env: "dev" })).toBe(true);
    expect(match({ app: "web", tier: "a", zone: "z", env: "prod" })).toBe(false);
    expect(match({ app: "web", tier: "c", zone: "z" })).toBe(false);
    expect(match({ app: "web", tier: "a" })).toBe(false);
    expect(match({ app: "web", tier: "a", zone: "z", "node-role.kubernetes.io/control-plane": "" })).toBe(
      false,
    );
    expect(match({ app: "api", tier: "a", zone: "z" })).toBe(false);
  });

  it("refuses what apimachinery refuses, with its message", () => {
    expect(() => compileLabelSelector({ matchExpressions: [{ key: "a", operator: "Exist" }] })).toThrow(
      '"Exist" is not a valid label selector operator',
    );
    expect(() =>
      compileLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }),
    ).toThrow("values set can't be empty");
    expect(() => compileLabelSelector({ matchLabels: { "bad key!": "x" } })).toThrow(/key: Invalid value/);
    expect(() => compileLabelSelector({ matchLabels: { a: "-bad" } })).toThrow(/a valid label must be/);
  });

  it("prints the offending values as field.Invalid does (Go's %#v, the value's index)", () => {
    // kubernetes/apimachinery pkg/labels/selector.go NewRequirement.
    expect(() =>
      compileLabelSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x", "y"] }] }),
    ).toThrow(
      'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    );
    expect(() =>
      compileLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: ["ok", "-bad"] }] }),
    ).toThrow(/^values\[1\]: Invalid value: "-bad"/);
  });
});

describe("selectorMatches", () => {
  it("answers a verdict: matches, or apimachinery's error for an invalid selector", () => {
    expect(selectorMatches({ matchLabels: { app: "web" } }, { app: "web" })).toEqual({
      ok: true,
      matches: true,
    });
    expect(selectorMatches({ matchLabels: { app: "web" } }, { app: "api" })).toEqual({
      ok: true,
      matches: false,
    });
    expect(selectorMatches({}, {})).toEqual({ ok: true, matches: true });
    expect(
      selectorMatches({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] }, { a: "2" }),
    ).toEqual({
      ok: false,
      error: '"Gt" is not a valid label selector operator',
    });
    expect(selectorMatches({ matchExpressions: [{ key: "a", operator: "NotIn" }] }, {})).toEqual({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
  });
});
