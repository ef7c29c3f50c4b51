import { describe, expect, it } from "vitest";
import { formatIp, parseIp } from "../../src/net/ip-address.ts";
import { enclosingCidr, parseCidr, rangeOf, rangeSize, rangesOverlap } from "../../src/net/ip-range.ts";

describe("ip addresses", () => {
  it("parses and formats IPv4, rejecting bad octets and leading zeros", () => {
    expect(formatIp(parseIp("192.168.5.30")!)).toBe("192.168.5.30");
    expect(parseIp("192.168.5.256")).toBeUndefined();
    expect(parseIp("192.168.05.1")).toBeUndefined();
    expect(parseIp("192.168.5")).toBeUndefined();
  });

  it("parses IPv6 with and without compression", () => {
    expect(parseIp("fd00::1")?.value).toBe(0xfd00n * 2n ** 112n + 1n);
    expect(formatIp(parseIp("fd00:0:0:0:0:0:0:1")!)).toBe("fd00::1");
    expect(parseIp("fd00::1::2")).toBeUndefined();
  });
});

describe("ip ranges", () => {
  it("counts a start/stop range inclusively", () => {
    const range = rangeOf(parseIp("192.168.5.30")!, parseIp("192.168.5.255")!)!;
    expect(rangeSize(range)).toBe(226n);
  });

  it("refuses a reversed range and mixed families", () => {
    expect(rangeOf(parseIp("192.168.5.40")!, parseIp("192.168.5.30")!)).toBeUndefined();
    expect(rangeOf(parseIp("192.168.5.40")!, parseIp("fd00::1")!)).toBeUndefined();
  });

  it("parses CIDRs and rejects host bits", () => {
    const cidr = parseCidr("192.168.5.0/24")!;
    expect(rangeSize(cidr)).toBe(256n);
    expect(parseCidr("192.168.5.7/24")).toBeUndefined();
    expect(parseCidr("192.168.5.0/33")).toBeUndefined();
  });

  it("finds overlaps and the enclosing /24", () => {
    const a = parseCidr("192.168.5.0/25")!;
    const b = rangeOf(parseIp("192.168.5.100")!, parseIp("192.168.5.200")!)!;
    const c = rangeOf(parseIp("192.168.5.200")!, parseIp("192.168.5.210")!)!;
    expect(rangesOverlap(a, b)).toBe(true);
    expect(rangesOverlap(a, c)).toBe(false);
    expect(enclosingCidr(parseIp("192.168.5.30")!, 24).text).toBe("192.168.5.0/24");
  });
});
