import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  burstArgv,
  burstCommandText,
  burstStopSignal,
  splitBurstOutput,
} from "../../src/probes/arp-burst-command.ts";
import { parseArpingOutput } from "../../src/probes/arp-output-parser.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/arping/${name}`, import.meta.url), "utf8");
const request = { interfaceName: "eth0", ip: "10.213.7.50", probes: 3, listenMs: 300 };

describe("burstArgv", () => {
  it("one sh -c script with the interface, address, runs, window in seconds and stop signal as arguments", () => {
    const argv = burstArgv("busybox", request);
    expect(argv.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(argv.slice(3)).toEqual(["sh", "eth0", "10.213.7.50", "3", "0.300", "INT"]);
    // Each run sends one broadcast probe and keeps broadcasting; the address is never in the script text.
    expect(argv[2]).toContain('arping -b -c 1 -I "$1" "$2"');
    expect(argv[2]).not.toContain("10.213.7.50");
  });

  it("BusyBox stops on SIGINT (its finish handler), iputils on SIGTERM (a background job ignores SIGINT)", () => {
    expect(burstStopSignal("busybox")).toBe("INT");
    expect(burstStopSignal("iputils")).toBe("TERM");
    expect(burstArgv("iputils", request).at(-1)).toBe("TERM");
  });

  it("describes itself for reports", () => {
    expect(burstCommandText("busybox", request)).toBe(
      "3 × `arping -b -c 1 -I eth0 10.213.7.50` at once, stopped with SIGINT after 300 ms",
    );
  });
});

describe("splitBurstOutput", () => {
  it("gives each run's own output, in start order, each a complete arping run", () => {
    const runs = splitBurstOutput(fixture("busybox-1.35-burst-duplicate.txt"));
    expect(runs.map((run) => run.index)).toEqual([1, 2, 3]);
    const parsed = runs.map((run) => parseArpingOutput(run.output));
    expect(parsed.every((run) => run.complete && run.sent === 1)).toBe(true);
    expect(parsed.map((run) => new Set(run.replies.map((reply) => reply.mac)).size)).toEqual([2, 2, 2]);
  });

  it("drops what comes before the first marker, and finds no run in output without markers", () => {
    expect(splitBurstOutput("noise\n== cc-arping 1\nARPING x\n")).toEqual([
      { index: 1, output: "ARPING x\n" },
    ]);
    expect(splitBurstOutput(fixture("busybox-1.35-single.txt"))).toEqual([]);
    expect(splitBurstOutput("== cc-arping one\n")).toEqual([]);
  });
});
