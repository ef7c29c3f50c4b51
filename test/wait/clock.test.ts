import { describe, expect, it } from "vitest";
import { manualClock, systemClock } from "../../src/wait/clock.ts";

describe("manualClock", () => {
  it("moves only when slept on or advanced, and fires due timers in time order", async () => {
    const clock = manualClock(100);
    const fired: string[] = [];
    clock.setTimer(50, () => fired.push(`late at ${clock.now()}`));
    clock.setTimer(20, () => fired.push(`early at ${clock.now()}`));
    const cancel = clock.setTimer(30, () => fired.push("cancelled"));
    cancel();
    expect(clock.now()).toBe(100);
    await clock.sleep(10);
    expect(fired).toEqual([]);
    clock.advance(40);
    expect(clock.now()).toBe(150);
    expect(fired).toEqual(["early at 150", "late at 150"]);
  });

  it("rejects a sleep on an aborted signal with its reason, without moving, like the system clock", async () => {
    const clock = manualClock();
    const aborted = AbortSignal.abort(new Error("stopped"));
    await expect(clock.sleep(20, aborted)).rejects.toThrow("stopped");
    expect(clock.now()).toBe(0);
    await expect(systemClock.sleep(20, aborted)).rejects.toThrow("stopped");
  });
});
