import { describe, expect, it } from "vitest";
import {
  arpingArgs,
  arpingPlan,
  canBurst,
  identifyArping,
  iputilsReleaseDate,
  minimumProbes,
  stopsAtFirstReplyToLastProbe,
} from "../../src/probes/arp-arping-command.ts";

describe("arpingArgs", () => {
  const request = { interfaceName: "eth0", ip: "10.213.7.50", count: 3 };

  it("BusyBox: broadcast, N probes, -w N as a backstop", () => {
    expect(arpingArgs("busybox", request)).toEqual([
      "arping",
      "-b",
      "-c",
      "3",
      "-w",
      "3",
      "-I",
      "eth0",
      "10.213.7.50",
    ]);
  });

  it("iputils: broadcast and -c alone (with -w, -c would count replies and cut a duplicate short)", () => {
    const args = arpingArgs("iputils", request);
    expect(args).toEqual(["arping", "-b", "-c", "3", "-I", "eth0", "10.213.7.50"]);
    expect(args).not.toContain("-w");
  });
});

describe("identifyArping", () => {
  it("recognises iputils from its -V banner", () => {
    expect(identifyArping("arping from iputils 20221126\nlibcap: yes, IDN: yes", 0)).toEqual({
      kind: "found",
      implementation: "iputils",
      version: "20221126",
    });
  });

  it("recognises BusyBox from the usage it prints for -V", () => {
    const usage =
      "arping: invalid option -- 'V'\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n";
    expect(identifyArping(usage, 1)).toEqual({ kind: "found", implementation: "busybox", version: "1.35.0" });
  });

  it("tells a missing arping from one it cannot read", () => {
    expect(identifyArping('exec: "arping": executable file not found in $PATH', 126)).toEqual({
      kind: "missing",
    });
    expect(identifyArping("ARPing 2.21, by Thomas Habets <thomas@habets.se>", 0)).toEqual({
      kind: "unsupported",
      banner: "ARPing 2.21, by Thomas Habets <thomas@habets.se>",
    });
  });
});

describe("arpingPlan: old iputils stops reading at the first reply to its last probe", () => {
  const one = { interfaceName: "eth0", ip: "10.213.7.50", count: 1 };

  it("reads iputils release dates in both spellings (and the 6-digit ones of the 2000s)", () => {
    expect(iputilsReleaseDate("s20161105")).toBe(20161105);
    expect(iputilsReleaseDate("20240905")).toBe(20240905);
    expect(iputilsReleaseDate("ss020927")).toBe(20020927);
    expect(iputilsReleaseDate(undefined)).toBeUndefined();
    expect(iputilsReleaseDate("git")).toBeUndefined();
  });

  it("old, unknown and unreadable iputils versions are treated as stopping early; new ones and BusyBox not", () => {
    expect(stopsAtFirstReplyToLastProbe({ implementation: "iputils", version: "s20161105" })).toBe(true);
    expect(stopsAtFirstReplyToLastProbe({ implementation: "iputils", version: "s20180629" })).toBe(true);
    // s20190324 is the first release with the signalfd/timerfd loop (iputils commit 67e070d).
    expect(stopsAtFirstReplyToLastProbe({ implementation: "iputils", version: "s20190324" })).toBe(false);
    expect(stopsAtFirstReplyToLastProbe({ implementation: "iputils", version: undefined })).toBe(true);
    expect(stopsAtFirstReplyToLastProbe({ implementation: "iputils", version: "s20190709" })).toBe(false);
    expect(stopsAtFirstReplyToLastProbe({ implementation: "iputils", version: "20240905" })).toBe(false);
    expect(stopsAtFirstReplyToLastProbe({ implementation: "busybox", version: undefined })).toBe(false);
  });

  it("only an arping that reads every reply until told to stop may burst", () => {
    expect(canBurst({ implementation: "busybox", version: "1.35.0" })).toBe(true);
    expect(canBurst({ implementation: "iputils", version: "20240905" })).toBe(true);
    expect(canBurst({ implementation: "iputils", version: "s20161105" })).toBe(false);
    expect(canBurst({ implementation: "iputils", version: undefined })).toBe(false);
  });

  it("an affected iputils gets two probes for a one-probe request; more are left alone", () => {
    const old = { implementation: "iputils" as const, version: "s20161105" };
    expect(minimumProbes(old)).toBe(2);
    expect(arpingPlan(old, one)).toEqual({
      argv: ["arping", "-b", "-c", "2", "-I", "eth0", "10.213.7.50"],
      probes: 2,
    });
    expect(arpingPlan(old, { ...one, count: 3 }).probes).toBe(3);
  });

  it("current iputils and BusyBox send what was asked", () => {
    expect(arpingPlan({ implementation: "iputils", version: "20240905" }, one)).toEqual({
      argv: ["arping", "-b", "-c", "1", "-I", "eth0", "10.213.7.50"],
      probes: 1,
    });
    expect(arpingPlan({ implementation: "busybox" }, one).argv).toEqual([
      "arping",
      "-b",
      "-c",
      "1",
      "-w",
      "1",
      "-I",
      "eth0",
      "10.213.7.50",
    ]);
  });
});
