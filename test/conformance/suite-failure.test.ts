import { describe, expect, it } from "vitest";
import { suiteOutcome } from "../../src/conformance/suite-failure.ts";

describe("suiteOutcome", () => {
  it("counts a failed suite setup (no test ran) as a failure that still needs diagnostics", () => {
    expect(suiteOutcome("fail", false)).toEqual({ failed: true, diagnoseSetup: true });
  });

  it("does not diagnose twice when a test failed (afterEach already did)", () => {
    expect(suiteOutcome("fail", true)).toEqual({ failed: true, diagnoseSetup: false });
    expect(suiteOutcome("run", true)).toEqual({ failed: true, diagnoseSetup: false });
  });

  it("is a pass when neither the setup nor a test failed", () => {
    expect(suiteOutcome("run", false)).toEqual({ failed: false, diagnoseSetup: false });
    expect(suiteOutcome(undefined, false)).toEqual({ failed: false, diagnoseSetup: false });
  });
});
