import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeMac, parseArpingOutput } from "../../src/probes/arp-output-parser.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/arping/${name}`, import.meta.url), "utf8");

describe("parseArpingOutput on BusyBox 1.35 (captured)", () => {
  it("reads a single responder: header, three replies, summary", () => {
    const parsed = parseArpingOutput(fixture("busybox-1.35-single.txt"));
    expect(parsed).toMatchObject({
      target: "10.213.201.50",
      source: "10.213.201.4",
      interfaceName: "eth0",
      sent: 3,
      received: 3,
      complete: true,
    });
    expect(parsed.replies.map((reply) => reply.mac)).toEqual(Array(3).fill("02:42:0a:d5:c9:02"));
    expect(parsed.replies[0]).toMatchObject({
      kind: "reply",
      delivery: "unicast",
      latencyMs: 0.008,
      line: 2,
    });
  });

  it("reads both MACs of a duplicate, every round", () => {
    const parsed = parseArpingOutput(fixture("busybox-1.35-duplicate.txt"));
    expect(parsed.replies.map((reply) => reply.mac)).toEqual([
      "02:42:0a:d5:c9:03",
      "02:42:0a:d5:c9:02",
      "02:42:0a:d5:c9:03",
      "02:42:0a:d5:c9:02",
      "02:42:0a:d5:c9:03",
      "02:42:0a:d5:c9:02",
    ]);
    expect(parsed.received).toBe(6);
    expect(parsed.replies[1]?.latencyMs).toBe(0.575);
  });

  it("reads silence as a complete run with no replies", () => {
    const parsed = parseArpingOutput(fixture("busybox-1.35-none.txt"));
    expect(parsed).toMatchObject({
      target: "10.213.201.77",
      sent: 3,
      received: 0,
      complete: true,
      replies: [],
    });
  });

  it("marks error output (no NET_RAW, no interface) as incomplete, so it is never read as 'none'", () => {
    for (const name of ["busybox-1.35-no-net-raw.txt", "busybox-1.35-no-interface.txt"]) {
      const parsed = parseArpingOutput(fixture(name));
      expect(parsed.complete, name).toBe(false);
      expect(parsed.replies, name).toEqual([]);
    }
  });
});

describe("parseArpingOutput on iputils (its printf format)", () => {
  it("lower-cases iputils' upper-case MACs and reads the two-space latency", () => {
    const parsed = parseArpingOutput(fixture("iputils-single.txt"));
    expect(parsed.replies.map((reply) => reply.mac)).toEqual(Array(3).fill("02:42:0a:d5:07:02"));
    expect(parsed.replies.map((reply) => reply.latencyMs)).toEqual([0.613, 0.587, 0.602]);
    expect(parsed).toMatchObject({ sent: 3, received: 3, complete: true });
  });

  it("reads a duplicate and 'Received 0 response(s)'", () => {
    const duplicate = parseArpingOutput(fixture("iputils-duplicate.txt"));
    expect(new Set(duplicate.replies.map((reply) => reply.mac))).toEqual(
      new Set(["02:42:0a:d5:07:02", "02:42:0a:d5:07:03"]),
    );
    const none = parseArpingOutput(fixture("iputils-none.txt"));
    expect(none).toMatchObject({ received: 0, sent: 3, complete: true, replies: [] });
  });
});

describe("parseArpingOutput tolerance", () => {
  it("reads older BusyBox spellings, unpadded and mixed-case MACs, UNSOLICITED? lines", () => {
    const parsed = parseArpingOutput(fixture("busybox-legacy-mixed-case.txt"));
    expect(parsed.replies.map((reply) => [reply.ip, reply.mac, reply.latencyMs, reply.delivery])).toEqual([
      ["10.213.7.50", "02:42:0a:d5:07:03", 0.811, "unicast"],
      ["10.213.7.50", "02:42:0a:d5:07:02", 0.904, "unicast"],
      ["10.213.7.50", "02:42:0a:d5:07:03", 0.455, "unicast"],
      ["10.213.7.50", "02:42:0a:d5:07:02", undefined, "broadcast"],
      ["10.213.7.99", "02:42:0a:d5:07:09", 0.3, "unicast"],
    ]);
    expect(parsed).toMatchObject({ sent: 2, received: 4, complete: true });
  });

  it("is incomplete without the summary (arping killed mid-run)", () => {
    const cut = fixture("busybox-1.35-single.txt").split("\n").slice(0, 3).join("\n");
    const parsed = parseArpingOutput(cut);
    expect(parsed.complete).toBe(false);
    expect(parsed.replies).toHaveLength(2);
  });

  it("accepts CRLF line ends", () => {
    const parsed = parseArpingOutput(fixture("iputils-single.txt").replaceAll("\n", "\r\n"));
    expect(parsed.replies).toHaveLength(3);
    expect(parsed.complete).toBe(true);
  });
});

describe("normalizeMac", () => {
  it("lower-cases and pads each octet", () => {
    expect(normalizeMac("02:42:0A:D5:07:03")).toBe("02:42:0a:d5:07:03");
    expect(normalizeMac("2:42:a:d5:7:3")).toBe("02:42:0a:d5:07:03");
    expect(normalizeMac("02-42-0a-d5-07-03")).toBe("02:42:0a:d5:07:03");
  });

  it("rejects anything that is not six hex octets", () => {
    expect(normalizeMac("02:42:0a:d5:07")).toBeUndefined();
    expect(normalizeMac("02:42:0a:d5:07:3g")).toBeUndefined();
    expect(normalizeMac("002:42:0a:d5:07:03")).toBeUndefined();
  });
});
