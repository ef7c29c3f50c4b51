import { describe, expect, it } from "vitest";
import { lbIpamPoolPresent } from "../../../src/checks/rules/lb-ipam-pool-present.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

describe("lb-ipam-pool-present", () => {
  it("is silent with an enabled pool", () => {
    const files = { [POOL_FILE]: poolYaml("home", "  blocks:\n    - cidr: 192.168.5.32/27\n") };
    expect(findingsOf(lbIpamPoolPresent, { files, promises: { lbIpam: true } })).toEqual([]);
  });

  it("errors when LB-IPAM is promised and no pool exists", () => {
    const [finding] = findingsOf(lbIpamPoolPresent, { promises: { lbIpam: true } });
    expect(finding!.message).toContain("no CiliumLoadBalancerIPPool was found");
  });

  it("errors when every pool is disabled", () => {
    const files = {
      [POOL_FILE]: poolYaml("home", "  disabled: true\n  blocks:\n    - cidr: 192.168.5.32/27\n"),
    };
    expect(findingsOf(lbIpamPoolPresent, { files, promises: { lbIpam: true } })[0]!.message).toContain(
      "every CiliumLoadBalancerIPPool is disabled",
    );
  });
});
