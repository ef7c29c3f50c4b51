import { describe, expect, it } from "vitest";
import {
  cidrContains,
  HostScopeAllocator,
} from "../../../../../rehearsal/cilium/agent/ipam/host-scope-allocator.ts";

describe("HostScopeAllocator", () => {
  it("hands out every address but network and broadcast, from a random start, and reports as Cilium does", () => {
    const allocator = new HostScopeAllocator("10.244.1.0/24", () => 0.5);
    expect(allocator.allocateNext("router")).toBe("10.244.1.128");
    expect(allocator.allocateNext("demo/pod-a")).toBe("10.244.1.129");
    expect(allocator.status()).toBe("2/254 allocated from 10.244.1.0/24");
    expect(allocator.allocations()).toEqual({ "10.244.1.128": "router", "10.244.1.129": "demo/pod-a" });
  });

  it("wraps around, never returns .0 or .255, and says when the range is full", () => {
    const allocator = new HostScopeAllocator("10.244.2.0/30", () => 0.99);
    const ips = [allocator.allocateNext("a"), allocator.allocateNext("b")];
    expect(ips.sort()).toEqual(["10.244.2.1", "10.244.2.2"]);
    expect(() => allocator.allocateNext("c")).toThrow(/range is full/);
    allocator.release("10.244.2.1");
    expect(allocator.allocateNext("c")).toBe("10.244.2.1");
  });

  it("re-takes a remembered address after a restart, refusing conflicts and strangers", () => {
    const allocator = new HostScopeAllocator("10.244.3.0/24");
    allocator.allocate("10.244.3.7", "demo/pod-a");
    expect(() => allocator.allocate("10.244.3.7", "demo/pod-b")).toThrow(/already allocated to demo\/pod-a/);
    expect(() => allocator.allocate("10.244.4.7", "x")).toThrow(/not in the range/);
    expect(() => allocator.allocate("10.244.3.255", "x")).toThrow(/not in the range/);
  });

  it("cidrContains", () => {
    expect(cidrContains("10.244.0.0/16", "10.244.9.1")).toBe(true);
    expect(cidrContains("10.244.0.0/16", "10.245.0.1")).toBe(false);
  });
});
