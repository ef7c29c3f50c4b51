import { describe, expect, it } from "vitest";
import { poolApiVersion } from "../../../src/checks/rules/pool-api-version.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const SPEC = "  blocks:\n    - start: 192.168.5.30\n      stop: 192.168.5.254\n";

describe("pool-api-version", () => {
  it("accepts v2 and v2alpha1 on 1.18", () => {
    for (const apiVersion of ["cilium.io/v2", "cilium.io/v2alpha1"]) {
      expect(
        findingsOf(poolApiVersion, { files: { [POOL_FILE]: poolYaml("home", SPEC, apiVersion) } }),
      ).toEqual([]);
    }
  });

  it("rejects cilium.io/v2 on 1.17, which does not serve it", () => {
    const [finding] = findingsOf(poolApiVersion, {
      version: "1.17.17",
      files: { [POOL_FILE]: poolYaml("home", SPEC) },
    });
    expect(finding).toMatchObject({ severity: "error", file: POOL_FILE, line: 1 });
    expect(finding!.message).toContain("`apiVersion: cilium.io/v2alpha1`");
  });

  it("warns about deprecated v2alpha1 on 1.19", () => {
    const files = { [POOL_FILE]: poolYaml("home", SPEC, "cilium.io/v2alpha1") };
    const [finding] = findingsOf(poolApiVersion, { version: "1.19.5", files });
    expect(finding!.severity).toBe("warning");
    expect(finding!.message).toContain("deprecated in Cilium 1.19");
    expect(finding!.message).toContain("`apiVersion: cilium.io/v2`");
  });
});
