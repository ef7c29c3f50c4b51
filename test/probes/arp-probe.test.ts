import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { arpRoundsFor, perProbe, probeArp } from "../../src/probes/arp-probe.ts";
import type { ExecOutcome, LanClientExec } from "../../src/probes/lan-client.ts";

// Two holders answering two probes, in iputils' format (upper-case %02X octets, its summary lines).
const OLD_IPUTILS_TWO_PROBES = [
  "ARPING 10.213.7.50 from 10.213.7.4 eth0",
  "Unicast reply from 10.213.7.50 [02:42:0A:D5:07:03]  0.540ms",
  "Unicast reply from 10.213.7.50 [02:42:0A:D5:07:02]  0.711ms",
  "Unicast reply from 10.213.7.50 [02:42:0A:D5:07:03]  0.498ms",
  "Unicast reply from 10.213.7.50 [02:42:0A:D5:07:02]  0.652ms",
  "Sent 2 probes (2 broadcast(s))",
  "Received 4 response(s)",
  "",
].join("\n");

/** A stand-in for the container: the thing under test is the command and the accounting. */
function scriptedClient(
  arpingVersion: string | undefined,
  stdout: string,
): LanClientExec & { calls: { argv: string[]; timeoutMs: number }[] } {
  const calls: { argv: string[]; timeoutMs: number }[] = [];
  return {
    calls,
    interfaceName: "eth0",
    arping: "iputils",
    arpingVersion,
    exec: async (argv, timeoutMs): Promise<ExecOutcome> => {
      calls.push({ argv: [...argv], timeoutMs });
      return { exitCode: 0, stdout, stderr: "", durationMs: 2000 };
    },
  };
}

describe("probeArp on an iputils that stops at the first reply to its last probe", () => {
  it("sends two probes for a one-probe request and reports counts per probe", async () => {
    const client = scriptedClient("s20161105", OLD_IPUTILS_TWO_PROBES);
    const result = await probeArp(client, "10.213.7.50", { count: 1, budgetMs: 5000 });
    expect(client.calls[0]?.argv).toEqual(["arping", "-b", "-c", "2", "-I", "eth0", "10.213.7.50"]);
    expect(client.calls[0]?.timeoutMs).toBe(2000 + 3000);
    expect(result.verdict).toBe("duplicate");
    expect(result.sent).toBe(2);
    expect(result.replies.map((reply) => [reply.mac, reply.count, reply.perProbe])).toEqual([
      ["02:42:0a:d5:07:03", 2, 1],
      ["02:42:0a:d5:07:02", 2, 1],
    ]);
  });

  it("refuses a budget shorter than the two probes it needs, saying why", async () => {
    const client = scriptedClient(undefined, OLD_IPUTILS_TWO_PROBES);
    await expect(probeArp(client, "10.213.7.50", { count: 1, budgetMs: 1000 })).rejects.toThrow(
      "needs 2 probes to read every reply",
    );
    expect(client.calls).toHaveLength(0);
  });

  it("a current iputils in rounds gets the one probe asked for", async () => {
    const client = scriptedClient("20240905", OLD_IPUTILS_TWO_PROBES);
    const result = await probeArp(client, "10.213.7.50", { count: 1, budgetMs: 5000, mode: "rounds" });
    expect(client.calls[0]?.argv).toEqual(["arping", "-b", "-c", "1", "-I", "eth0", "10.213.7.50"]);
    expect(result.mode).toBe("rounds");
  });

  it("refuses a burst, which would miss a second holder, and says what works", async () => {
    const client = scriptedClient("s20161105", OLD_IPUTILS_TWO_PROBES);
    await expect(probeArp(client, "10.213.7.50", { mode: "burst" })).rejects.toMatchObject({
      code: "CC_USAGE",
      message: expect.stringContaining("stops at its first reply"),
    });
    expect(client.calls).toHaveLength(0);
  });
});

describe("probeArp in a burst (the default for BusyBox and a current iputils)", () => {
  const fixture = (name: string) => readFileSync(new URL(`fixtures/arping/${name}`, import.meta.url), "utf8");

  function burstClient(stdout: string, arping: LanClientExec["arping"] = "busybox", version?: string) {
    const client = scriptedClient(version, stdout);
    return Object.assign(client, { arping });
  }

  it("duplicate: both holders, each heard by all three runs; one exec, budgeted for the window", async () => {
    const client = burstClient(fixture("busybox-1.35-burst-duplicate.txt"));
    const result = await probeArp(client, "10.213.241.100");
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0]?.argv.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(client.calls[0]?.argv.slice(4)).toEqual(["eth0", "10.213.241.100", "3", "0.300", "INT"]);
    expect(client.calls[0]?.timeoutMs).toBe(1000 + 3000);
    expect(result).toMatchObject({ mode: "burst", verdict: "duplicate", sent: 3 });
    expect(result.replies.map((reply) => [reply.mac, reply.count, reply.perProbe])).toEqual([
      ["02:42:0a:d5:f1:0a", 3, 1],
      ["02:42:0a:d5:f1:09", 3, 1],
    ]);
    expect(result.transcript.command).toContain("3 × `arping -b -c 1 -I eth0 10.213.241.100`");
  });

  it("a current iputils bursts too, stopped with SIGTERM", async () => {
    const client = burstClient(fixture("busybox-1.35-burst-none.txt"), "iputils", "20240905");
    const result = await probeArp(client, "10.213.241.200", { count: 3, listenMs: 150 });
    expect(client.calls[0]?.argv.slice(4)).toEqual(["eth0", "10.213.241.200", "3", "0.150", "TERM"]);
    expect(result).toMatchObject({ mode: "burst", verdict: "none", replies: [], sent: 3 });
  });

  it("a run that did not reach its summary is an environment failure, not silence", async () => {
    const incomplete = fixture("busybox-1.35-burst-none.txt").replace(
      /== cc-arping 2\n[^=]*/,
      "== cc-arping 2\narping: socket(AF_PACKET,2,1544): Operation not permitted\n",
    );
    await expect(probeArp(burstClient(incomplete), "10.213.241.200")).rejects.toMatchObject({
      code: "CC_ENV_ARP_PROBE_FAILED",
      message: expect.stringContaining("Operation not permitted"),
    });
    await expect(
      probeArp(burstClient("cannot create /tmp/cc-arp.7"), "10.213.241.200"),
    ).rejects.toMatchObject({
      code: "CC_ENV_ARP_PROBE_FAILED",
    });
  });

  it("refuses a window longer than the budget, or a count it cannot start", async () => {
    const client = burstClient(fixture("busybox-1.35-burst-none.txt"));
    await expect(probeArp(client, "10.213.241.200", { listenMs: 2000, budgetMs: 1000 })).rejects.toThrow(
      "at most the probe's budget of 1000 ms",
    );
    await expect(probeArp(client, "10.213.241.200", { count: 0 })).rejects.toThrow("from 1 to 20");
    expect(client.calls).toHaveLength(0);
  });
});

describe("arpRoundsFor / perProbe", () => {
  it("caps rounds by the budget but never below the arping's minimum", () => {
    expect(arpRoundsFor(5, 3000)).toBe(3);
    expect(arpRoundsFor(1, 5000, 2)).toBe(2);
    expect(arpRoundsFor(3, 2500, 2)).toBe(2);
    expect(() => arpRoundsFor(1, 1500, 2)).toThrow("at least 2s");
  });

  it("divides by the probes sent", () => {
    expect(perProbe(3, 3)).toBe(1);
    expect(perProbe(1, 3)).toBe(0.33);
    expect(perProbe(0, 0)).toBe(0);
  });
});
