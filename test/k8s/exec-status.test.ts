import { describe, expect, it } from "vitest";
import { execOutcome } from "../../src/k8s/exec-status.ts";

describe("execOutcome", () => {
  it("reads Success as exit 0", () => {
    expect(execOutcome({ status: "Success" })).toEqual({ exitCode: 0 });
  });

  it("reads the exit code from a NonZeroExitCode failure", () => {
    expect(
      execOutcome({
        status: "Failure",
        reason: "NonZeroExitCode",
        message:
          "command terminated with non-zero exit code: error executing command [sh -c exit 7], exit code 7",
        details: { causes: [{ reason: "ExitCode", message: "7" }] },
      }),
    ).toEqual({ exitCode: 7 });
  });

  it("turns any other failure into an error with the kubelet's message", () => {
    expect(execOutcome({ status: "Failure", message: 'container "x" not found in pod "y"' })).toEqual({
      error: 'container "x" not found in pod "y"',
    });
    expect(execOutcome({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [] } })).toEqual({
      error: "exec failed (NonZeroExitCode)",
    });
  });
});
