import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "../../src/go/go-duration.ts";

describe("parseGoDuration (Go's time.ParseDuration)", () => {
  it("reads the forms Cilium's values and flags use, in milliseconds", () => {
    expect(parseGoDuration("15s")).toBe(15_000);
    expect(parseGoDuration("1m30s")).toBe(90_000);
    expect(parseGoDuration("500ms")).toBe(500);
    expect(parseGoDuration("2h")).toBe(7_200_000);
    expect(parseGoDuration("0")).toBe(0);
  });

  it("counts in whole nanoseconds as Go does: decimals are exact", () => {
    expect(parseGoDuration("1.1s")).toBe(1100);
    expect(parseGoDuration("1.5m")).toBe(90_000);
    expect(parseGoDuration("1500us")).toBe(1.5);
    expect(parseGoDuration("1500µs")).toBe(1.5);
    expect(parseGoDuration("1500μs")).toBe(1.5);
    expect(parseGoDuration("2000000ns")).toBe(2);
    expect(parseGoDuration(".5s")).toBe(500);
    expect(parseGoDuration("1.s")).toBe(1000);
  });

  it("takes a sign, as Go does", () => {
    expect(parseGoDuration("-5s")).toBe(-5000);
    expect(parseGoDuration("+5s")).toBe(5000);
    expect(parseGoDuration("-0")).toBe(0);
  });

  it("refuses what Go refuses", () => {
    for (const text of [
      "15",
      "15 s",
      " 15s",
      "15s ",
      "1d",
      "s",
      ".s",
      "",
      "1m 30s",
      "5S",
      "1e3s",
      "2562048h",
    ]) {
      expect(parseGoDuration(text), text).toBeUndefined();
    }
  });
});

describe("formatGoDuration", () => {
  it("writes whole seconds when it can, else milliseconds", () => {
    expect(formatGoDuration(300_000)).toBe("300s");
    expect(formatGoDuration(1500)).toBe("1500ms");
    expect(formatGoDuration(90_500)).toBe("90500ms");
  });
});
