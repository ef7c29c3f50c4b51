import { describe, expect, it } from "vitest";
import { didYouMean, nearestName } from "../../src/text/nearest-name.ts";

describe("nearestName", () => {
  const commands = ["check", "plan", "up", "down", "probe", "test", "run", "upgrade", "report"];

  it("finds the name a typo meant: a swap, a missing or extra letter, a case slip, a prefix", () => {
    expect(nearestName("chekc", commands)).toBe("check");
    expect(nearestName("upgrad", commands)).toBe("upgrade");
    expect(nearestName("reprot", commands)).toBe("report");
    expect(nearestName("Plan", commands)).toBe("plan");
    expect(nearestName("verb", ["verbose", "version"])).toBe("verbose");
    expect(nearestName("gatway", ["cidr", "gateway", "nics", "dhcpRange"])).toBe("gateway");
    expect(nearestName("dhcp-range", ["cidr", "gateway", "nics", "dhcpRange"])).toBe("dhcpRange");
  });

  it("says nothing when no name is close", () => {
    expect(nearestName("deploy", commands)).toBeUndefined();
    expect(nearestName("", commands)).toBeUndefined();
    expect(didYouMean("xyz", commands)).toBe("");
    expect(didYouMean("tset", commands)).toBe(' Did you mean "test"?');
  });
});
