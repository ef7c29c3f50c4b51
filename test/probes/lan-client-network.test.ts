import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.ts";
import { formatIp } from "../../src/net/ip-address.ts";
import { parseCidr } from "../../src/net/ip-range.ts";
import { targetOnNetwork } from "../../src/probes/lan-client-network.ts";

const network = { name: "cc-lan-test", subnet: parseCidr("10.213.42.0/24")! };

describe("targetOnNetwork", () => {
  it("accepts a host address of the subnet", () => {
    expect(formatIp(targetOnNetwork("10.213.42.50", network))).toBe("10.213.42.50");
  });

  it("refuses an address outside the subnet, naming the subnet and the usable range", () => {
    const error = (() => {
      try {
        targetOnNetwork("192.168.5.30", network);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as UsageError).message).toContain("10.213.42.0/24");
    expect((error as UsageError).hint).toContain("10.213.42.1 to 10.213.42.254");
  });

  it("refuses what is not an IPv4 address", () => {
    expect(() => targetOnNetwork("10.213.42", network)).toThrow(/not an IPv4 address/);
    expect(() => targetOnNetwork("fd00::1", network)).toThrow(/not an IPv4 address/);
    expect(() => targetOnNetwork("10.213.42.256", network)).toThrow(UsageError);
  });

  it("refuses the network and broadcast addresses", () => {
    expect(() => targetOnNetwork("10.213.42.0", network)).toThrow(/network or broadcast/);
    expect(() => targetOnNetwork("10.213.42.255", network)).toThrow(/network or broadcast/);
  });
});
