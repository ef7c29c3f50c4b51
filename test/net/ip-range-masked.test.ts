import { describe, expect, it } from "vitest";
import { parsePrefixMasked } from "../../src/net/ip-range.ts";

describe("parsePrefixMasked (Go netip.ParsePrefix + Masked)", () => {
  it("keeps a clean prefix and reports no host bits", () => {
    const parsed = parsePrefixMasked("192.168.5.32/27")!;
    expect(parsed.cidr.text).toBe("192.168.5.32/27");
    expect(parsed.hostBitsSet).toBe(false);
  });

  it("clears host bits like Cilium does, and says it did", () => {
    const parsed = parsePrefixMasked("192.168.5.7/24")!;
    expect(parsed.cidr.text).toBe("192.168.5.0/24");
    expect(parsed.cidr.last - parsed.cidr.first).toBe(255n);
    expect(parsed.hostBitsSet).toBe(true);
  });

  it("rejects what Go cannot parse", () => {
    expect(parsePrefixMasked("192.168.5.0/33")).toBeUndefined();
    expect(parsePrefixMasked("192.168.5.0")).toBeUndefined();
    expect(parsePrefixMasked("fd00::/129")).toBeUndefined();
    expect(parsePrefixMasked("192.168.5.0/2x")).toBeUndefined();
  });

  it("handles IPv6", () => {
    expect(parsePrefixMasked("fd00::1/64")!.cidr.text).toBe("fd00::/64");
  });
});
