import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { liveMatrix } from "../../src/compat/live-matrix.ts";

describe("scripts/print-cilium-matrix.ts", () => {
  it("prints the live matrix as a GitHub Actions matrix", () => {
    const script = join(import.meta.dirname, "../../scripts/print-cilium-matrix.ts");
    const printed = JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8" }));
    expect(printed).toEqual({ include: liveMatrix() });
    expect(printed.include[0]).toEqual({
      cilium: "1.16.19",
      minor: "1.16",
      poolApiVersion: "cilium.io/v2alpha1",
      prerelease: false,
    });
  });
});
