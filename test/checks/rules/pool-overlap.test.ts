import { describe, expect, it } from "vitest";
import { poolOverlap } from "../../../src/checks/rules/pool-overlap.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

describe("pool-overlap", () => {
  it("is silent for adjacent, disjoint blocks", () => {
    const pool = poolYaml(
      "home",
      "  blocks:\n    - cidr: 192.168.5.32/27\n    - start: 192.168.5.64\n      stop: 192.168.5.80\n",
    );
    expect(findingsOf(poolOverlap, { files: { [POOL_FILE]: pool } })).toEqual([]);
  });

  it("reports blocks of one pool that overlap: the whole pool is disabled", () => {
    const pool = poolYaml(
      "home",
      "  blocks:\n    - cidr: 192.168.5.32/27\n    - start: 192.168.5.60\n      stop: 192.168.5.80\n",
    );
    const [finding] = findingsOf(poolOverlap, { files: { [POOL_FILE]: pool } });
    expect(finding).toMatchObject({ severity: "error", line: 8 });
    expect(finding!.message).toContain("shared: 192.168.5.60–192.168.5.63");
    expect(finding!.message).toContain(
      "PoolConflict=True (cidr_overlap) and allocates nothing from any of its blocks",
    );
  });

  it("reports overlaps between pools in different files", () => {
    const files = {
      [POOL_FILE]: poolYaml("home", "  blocks:\n    - start: 192.168.5.30\n      stop: 192.168.5.100\n"),
      "infra/configs/cilium/iot-pool.yaml": poolYaml("iot", "  blocks:\n    - cidr: 192.168.5.96/28\n"),
    };
    const [finding] = findingsOf(poolOverlap, { files });
    expect(finding!.file).toBe("infra/configs/cilium/iot-pool.yaml");
    expect(finding!.message).toContain("CiliumLoadBalancerIPPool home");
    expect(finding!.message).toContain("created later");
  });
});
