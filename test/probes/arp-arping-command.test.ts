import { describe, expect, it } from "vitest";
import { arpingArgs, identifyArping } from "../../src/probes/arp-arping-command.ts";

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
