import { describe, expect, it } from "vitest";
import { cleanupAll, withCleanup } from "../../src/conformance/suite-cleanup.ts";

describe("cleanupAll", () => {
  it("runs every step after one threw and throws the first failure", async () => {
    const ran: string[] = [];
    const first = new Error("http close failed");
    await expect(
      cleanupAll([
        async () => {
          ran.push("http");
          throw first;
        },
        async () => {
          ran.push("lan");
          throw new Error("second");
        },
        () => undefined,
      ]),
    ).rejects.toBe(first);
    expect(ran).toEqual(["http", "lan"]);
  });
});

describe("withCleanup", () => {
  it("keeps the work's error when the cleanup fails too, and notes the cleanup failure", async () => {
    const verdict = new Error("ARP for 192.168.5.31: expected 'single', got 'none'");
    const notes: string[] = [];
    await expect(
      withCleanup(
        async () => {
          throw verdict;
        },
        async () => {
          throw new Error("LAN client already gone");
        },
        (error) => {
          notes.push((error as Error).message);
        },
      ),
    ).rejects.toBe(verdict);
    expect(notes).toEqual(["LAN client already gone"]);
  });

  it("returns the work's value after cleaning up, and throws a cleanup failure when the work passed", async () => {
    const order: string[] = [];
    const value = await withCleanup(
      async () => {
        order.push("work");
        return 7;
      },
      async () => {
        order.push("cleanup");
      },
      () => undefined,
    );
    expect({ value, order }).toEqual({ value: 7, order: ["work", "cleanup"] });
    const stop = new Error("docker rm failed");
    await expect(
      withCleanup(
        async () => 1,
        async () => {
          throw stop;
        },
        () => undefined,
      ),
    ).rejects.toBe(stop);
  });
});
