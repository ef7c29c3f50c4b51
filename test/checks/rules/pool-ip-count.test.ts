import { describe, expect, it } from "vitest";
import { poolIpCount } from "../../../src/checks/rules/pool-ip-count.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const count = (spec: string, version = "1.18.11") =>
  findingsOf(poolIpCount, { version, files: { [POOL_FILE]: poolYaml("home", spec, "cilium.io/v2alpha1") } });

describe("pool-ip-count", () => {
  it("counts the seed's range in full (start/stop ignore allowFirstLastIPs): IPsTotal says the same", () => {
    const [finding] = count("  blocks:\n    - start: 192.168.5.30\n      stop: 192.168.5.255\n");
    expect(finding).toMatchObject({ severity: "info", line: 6 });
    expect(finding!.message).toContain("offers 226 IPs to Services on Cilium 1.18.11");
    expect(finding!.message).toMatch(/its cilium\.io\/IPsTotal will say 226\.$/);
  });

  it("allocates a /24's first and last IP by default from 1.16; in 1.15 it reserves them, yet IPsTotal still counts them", () => {
    const current = count("  blocks:\n    - cidr: 192.168.5.0/24\n")[0]!.message;
    expect(current).toContain("offers 256 IPs");
    expect(current).toContain("IPsTotal will say 256.");
    const old = count("  blocks:\n    - cidr: 192.168.5.0/24\n", "1.15.19")[0]!.message;
    expect(old).toContain("offers 254 IPs to Services");
    expect(old).toContain("192.168.5.0/24: 254 of 256");
    expect(old).toContain("the 1.15 default");
    // operator/pkg/lbipam updatePoolCounts: IPsTotal = available + used, reserved ones are used.
    expect(old).toContain(
      "its cilium.io/IPsTotal will say 256, not 254: LB-IPAM counts the 2 reserved addresses as used (IPsUsed 2 and IPsAvailable 254 while no Service holds an IP)",
    );
  });

  it('applies allowFirstLastIPs: "No" to cidr blocks of /30 and larger only, and reports the raw total', () => {
    const message = count(
      '  allowFirstLastIPs: "No"\n  blocks:\n    - cidr: 192.168.5.32/30\n    - cidr: 192.168.5.40/32\n    - cidr: 192.168.5.42/31\n',
    )[0]!.message;
    expect(message).toContain("offers 5 IPs"); // 2 + 1 + 2
    expect(message).toContain("192.168.5.32/30: 2 of 4, 192.168.5.40/32: 1, 192.168.5.42/31: 2");
    expect(message).toContain("a /31 or /32 block is never reserved");
    expect(message).toContain("IPsTotal will say 7, not 5");
  });

  it("says when a pool is disabled", () => {
    expect(count("  disabled: true\n  blocks:\n    - cidr: 192.168.5.32/27\n")[0]!.message).toContain(
      "once re-enabled",
    );
  });
});
