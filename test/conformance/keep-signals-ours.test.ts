import { afterEach, describe, expect, it } from "vitest";
import { keepSignalsOurs } from "../../src/conformance/keep-signals-ours.ts";

const ours = () => undefined;
afterEach(() => {
  process.off("SIGINT", ours);
});

describe("keepSignalsOurs", () => {
  it("takes off the SIGINT/SIGTERM listeners added while the work runs (as vitest's logger adds them), keeps the ones before and others", async () => {
    process.on("SIGINT", ours);
    const before = { int: process.listenerCount("SIGINT"), term: process.listenerCount("SIGTERM") };
    const exits: string[] = [];
    const theirs = () => exits.push("process.exit");
    const onExit = () => undefined;
    const result = await keepSignalsOurs(async () => {
      process.once("SIGINT", theirs);
      process.on("SIGTERM", theirs);
      process.once("exit", onExit);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // Gone while the work still runs, not only afterwards.
      expect(process.listeners("SIGINT")).not.toContain(theirs);
      return "done";
    });
    expect(result).toBe("done");
    expect(process.listenerCount("SIGINT")).toBe(before.int);
    expect(process.listenerCount("SIGTERM")).toBe(before.term);
    expect(process.listeners("SIGINT")).toContain(ours);
    expect(process.listeners("exit")).toContain(onExit);
    process.off("exit", onExit);
    // After the work, listeners are the caller's business again.
    process.once("SIGTERM", theirs);
    expect(process.listeners("SIGTERM")).toContain(theirs);
    process.off("SIGTERM", theirs);
    expect(exits).toEqual([]);
  });
});
