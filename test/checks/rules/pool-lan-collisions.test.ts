import { describe, expect, it } from "vitest";
import { poolLanCollisions } from "../../../src/checks/rules/pool-lan-collisions.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const range = (start: string, stop: string) =>
  poolYaml("home-compute-pool", `  blocks:\n    - start: ${start}\n      stop: ${stop}\n`);

describe("pool-lan-collisions", () => {
  it("reports the seed's broadcast address with the exact fix, deriving the /24", () => {
    const findings = findingsOf(poolLanCollisions, {
      files: { [POOL_FILE]: range("192.168.5.30", "192.168.5.255") },
    });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      id: "pool-includes-broadcast-address",
      severity: "error",
      file: POOL_FILE,
      line: 8,
    });
    expect(finding!.message).toContain("192.168.5.255, the broadcast address of the LAN 192.168.5.0/24");
    expect(finding!.message).toContain("the /24 around the pool");
    expect(finding!.message).toContain("start/stop range");
    expect(finding!.message).toContain("set `stop: 192.168.5.254`");
  });

  it("is silent for a clean range inside the LAN", () => {
    const files = { [POOL_FILE]: range("192.168.5.30", "192.168.5.99") };
    const lan = {
      cidr: "192.168.5.0/24",
      gateway: "192.168.5.1",
      dhcpRange: { start: "192.168.5.100", stop: "192.168.5.199" },
    };
    expect(findingsOf(poolLanCollisions, { files, lan, withConfigFile: true })).toEqual([]);
  });

  it("reports the network address at the start line", () => {
    const [finding] = findingsOf(poolLanCollisions, {
      files: { [POOL_FILE]: range("192.168.5.0", "192.168.5.20") },
    });
    expect(finding).toMatchObject({ id: "pool-includes-network-address", line: 7 });
    expect(finding!.message).toContain("set `start: 192.168.5.1`");
  });

  it("does not guess a /24 LAN for a block that is itself wider than that /24", () => {
    // A start/stop range across two /24s (LAN 192.168.4.0/23) and a routed /16: their .255 and .0
    // are ordinary addresses, and the pool itself proves the LAN is not the /24 around its start.
    const across = range("192.168.4.200", "192.168.5.50");
    expect(findingsOf(poolLanCollisions, { files: { [POOL_FILE]: across } })).toEqual([]);
    const routed = poolYaml("bgp", "  blocks:\n    - cidr: 10.10.0.0/16\n");
    expect(findingsOf(poolLanCollisions, { files: { [POOL_FILE]: routed } })).toEqual([]);
  });

  it("still checks such a block against a declared LAN", () => {
    const lan = { cidr: "192.168.4.0/23" };
    const [finding, ...rest] = findingsOf(poolLanCollisions, {
      files: { [POOL_FILE]: range("192.168.4.200", "192.168.5.255") },
      lan,
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "pool-includes-broadcast-address", line: 8 });
    expect(finding!.message).toContain("192.168.5.255, the broadcast address of the LAN 192.168.4.0/23.");
  });

  it('accepts a /24 cidr block when allowFirstLastIPs: "No" reserves its edges', () => {
    const reserved = poolYaml("home", '  allowFirstLastIPs: "No"\n  blocks:\n    - cidr: 192.168.5.0/24\n');
    expect(findingsOf(poolLanCollisions, { files: { [POOL_FILE]: reserved } })).toEqual([]);
    const open = poolYaml("home", "  blocks:\n    - cidr: 192.168.5.0/24\n");
    const ids = findingsOf(poolLanCollisions, { files: { [POOL_FILE]: open } }).map((finding) => finding.id);
    expect(ids).toEqual(["pool-includes-broadcast-address", "pool-includes-network-address"]);
  });

  it("reports the LAN gateway inside the pool and suggests a split", () => {
    const lan = { cidr: "192.168.5.0/24", gateway: "192.168.5.50" };
    const [finding] = findingsOf(poolLanCollisions, {
      files: { [POOL_FILE]: range("192.168.5.30", "192.168.5.99") },
      lan,
    });
    expect(finding!.id).toBe("pool-includes-lan-gateway");
    expect(finding!.message).toContain("{ start: 192.168.5.30, stop: 192.168.5.49 }");
    expect(finding!.message).toContain("{ start: 192.168.5.51, stop: 192.168.5.99 }");
  });

  it("reports an overlap with the DHCP range", () => {
    const lan = { cidr: "192.168.5.0/24", dhcpRange: { start: "192.168.5.90", stop: "192.168.5.199" } };
    const [finding] = findingsOf(poolLanCollisions, {
      files: { [POOL_FILE]: range("192.168.5.30", "192.168.5.99") },
      lan,
    });
    expect(finding!.id).toBe("pool-overlaps-dhcp-range");
    expect(finding!.message).toContain("shared: 192.168.5.90–192.168.5.99");
  });

  it("warns about a block outside a declared LAN", () => {
    const [finding] = findingsOf(poolLanCollisions, {
      files: { [POOL_FILE]: range("10.0.50.10", "10.0.50.20") },
      lan: { cidr: "192.168.5.0/24" },
    });
    expect(finding).toMatchObject({ id: "pool-outside-lan", severity: "warning" });
    expect(finding!.message).toContain("never ARP for an off-subnet address");
  });
});
