import { describe, expect, it } from "vitest";
import {
  describeCondition,
  describeConditionLong,
  findCondition,
  isStale,
} from "../../src/decisions/condition.ts";

describe("conditions", () => {
  const a = { type: "Ready", status: "False", reason: "A", lastTransitionTime: "2026-03-02T10:00:00Z" };
  const b = { type: "Ready", status: "True", reason: "B", lastTransitionTime: "2026-03-02T09:00:00Z" };
  it("finds the newest entry of a type, whatever the list order", () => {
    expect(findCondition([a, b], "Ready")).toBe(a);
    expect(findCondition([b, a], "Ready")).toBe(a);
    expect(findCondition(undefined, "Ready")).toBeUndefined();
  });
  it("describes a condition for wait lines and diagnostics", () => {
    expect(describeCondition(a, "Ready")).toBe("condition Ready=False reason=A");
    expect(describeCondition(undefined, "Ready")).toBe("no condition Ready");
    expect(describeConditionLong({ ...a, message: 'no "x"' }, "Ready")).toBe(
      'condition Ready=False reason=A message="no \\"x\\""',
    );
  });
  it("is stale only when observedGeneration is behind the object's generation", () => {
    expect(isStale({ ...a, observedGeneration: 1 }, 2)).toBe(true);
    expect(isStale({ ...a, observedGeneration: 2 }, 2)).toBe(false);
    expect(isStale(a, 2)).toBe(false);
  });
});
