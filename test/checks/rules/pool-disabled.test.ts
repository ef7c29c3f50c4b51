import { describe, expect, it } from "vitest";
import { poolDisabled } from "../../../src/checks/rules/pool-disabled.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

describe("pool-disabled", () => {
  it("warns about a disabled pool at the disabled line", () => {
    const pool = poolYaml("home", "  disabled: true\n  blocks:\n    - cidr: 192.168.5.32/27\n");
    const [finding] = findingsOf(poolDisabled, { files: { [POOL_FILE]: pool } });
    expect(finding).toMatchObject({ severity: "warning", line: 6 });
    expect(finding!.message).toContain("stay <pending>");
  });

  it("is silent for disabled: false", () => {
    const pool = poolYaml("home", "  disabled: false\n  blocks:\n    - cidr: 192.168.5.32/27\n");
    expect(findingsOf(poolDisabled, { files: { [POOL_FILE]: pool } })).toEqual([]);
  });
});
