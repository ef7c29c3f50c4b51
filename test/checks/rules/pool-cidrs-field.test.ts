import { describe, expect, it } from "vitest";
import { poolCidrsField } from "../../../src/checks/rules/pool-cidrs-field.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const CIDRS = poolYaml("legacy", "  cidrs:\n    - cidr: 192.168.5.32/27\n", "cilium.io/v2alpha1");

describe("pool-cidrs-field", () => {
  it("is silent for blocks", () => {
    const files = { [POOL_FILE]: poolYaml("home", "  blocks:\n    - cidr: 192.168.5.32/27\n") };
    expect(findingsOf(poolCidrsField, { files })).toEqual([]);
  });

  it("errors on cidrs from 1.16: the field is dropped", () => {
    const [finding] = findingsOf(poolCidrsField, { version: "1.16.19", files: { [POOL_FILE]: CIDRS } });
    expect(finding).toMatchObject({ severity: "error", line: 6 });
    expect(finding!.message).toContain("Rename the key to `blocks:`");
  });

  it("only warns on 1.15, where cidrs still works", () => {
    expect(
      findingsOf(poolCidrsField, { version: "1.15.19", files: { [POOL_FILE]: CIDRS } })[0]!.severity,
    ).toBe("warning");
  });
});
