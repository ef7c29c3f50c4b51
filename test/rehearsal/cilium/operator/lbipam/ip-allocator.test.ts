import { describe, expect, it } from "vitest";
import {
  HashAllocator,
  type IpAllocError,
} from "../../../../../rehearsal/cilium/operator/lbipam/ip-allocator.ts";
import { type Addr, formatAddr, parseAddr } from "../../../../../rehearsal/go/netip.ts";

const ip = (text: string): Addr => parseAddr(text) as Addr;
const show = (blocks: { from: Addr; to: Addr }[]) =>
  blocks.map((b) => `${formatAddr(b.from)}-${formatAddr(b.to)}`);

describe("HashAllocator (pkg/ipalloc)", () => {
  it("allocates from the smallest free block and merges blocks back on free", () => {
    const alloc = new HashAllocator<string>(ip("10.0.0.0"), ip("10.0.0.15"));
    alloc.alloc(ip("10.0.0.12"), "pinned");
    expect(show(alloc.freeBlocks()).sort()).toEqual(["10.0.0.0-10.0.0.11", "10.0.0.13-10.0.0.15"]);
    expect(formatAddr(alloc.allocAny("a"))).toBe("10.0.0.13");
    expect(formatAddr(alloc.allocAny("b"))).toBe("10.0.0.14");
    alloc.free(ip("10.0.0.12"));
    alloc.free(ip("10.0.0.13"));
    alloc.free(ip("10.0.0.14"));
    expect(show(alloc.freeBlocks())).toEqual(["10.0.0.0-10.0.0.15"]);
    expect(alloc.stats()).toEqual({ allocated: 0n, available: 16n });
  });

  it("fails like Go: in use, out of range, full, not found", () => {
    const alloc = new HashAllocator<string>(ip("10.0.0.0"), ip("10.0.0.1"));
    alloc.alloc(ip("10.0.0.0"), "x");
    const code = (action: () => unknown) => {
      try {
        action();
      } catch (error) {
        return (error as IpAllocError).code;
      }
      return "none";
    };
    expect(code(() => alloc.alloc(ip("10.0.0.0"), "y"))).toBe("in_use");
    expect(code(() => alloc.alloc(ip("10.0.0.9"), "y"))).toBe("out_of_range");
    alloc.allocAny("z");
    expect(code(() => alloc.allocAny("w"))).toBe("full");
    expect(code(() => new HashAllocator<string>(ip("10.0.0.0"), ip("10.0.0.1")).free(ip("10.0.0.0")))).toBe(
      "not_found",
    );
  });

  it("counts IPv6 ranges beyond 2^53", () => {
    const alloc = new HashAllocator<string>(ip("2001:db8::"), ip("2001:db8::ffff:ffff:ffff:ffff"));
    expect(alloc.stats().available).toBe(2n ** 64n);
    expect(formatAddr(alloc.allocAny("a"))).toBe("2001:db8::");
  });
});
