// The ARP probe against the real local Docker engine: containers on a network this file creates
// hold an extra address, and the LAN client asks who has it.

import { describe, expect, it } from "vitest";
import { probeArp } from "../../src/probes/arp-probe.ts";
import type { LanClientExec } from "../../src/probes/lan-client.ts";
import { useArpScene } from "./arp-docker-scene.ts";

const scene = useArpScene("arp-probe");
const ip = (host: number) => scene().network.ip(host);

/**
 * The client with its commands timed inside the container (`time -p`): the docker exec around a
 * probe takes 0.4-0.9 s more at a load average of 33 here, which is the machine's, not the probe's.
 */
function timedInContainer(client: LanClientExec): LanClientExec {
  return {
    interfaceName: client.interfaceName,
    arping: client.arping,
    arpingVersion: client.arpingVersion,
    exec: (argv, timeoutMs) => client.exec(["sh", "-c", 'time -p "$@"', "sh", ...argv], timeoutMs),
  };
}

function realSeconds(stderr: string): number {
  return Number(/^real (\d+(?:\.\d+)?)$/m.exec(stderr)?.[1]);
}

describe("LAN client on a real docker network", () => {
  it("knows its interface, address and MAC, and has only NET_RAW", async () => {
    const { client: started, docker, networkName, runId } = scene();
    const address = await docker.containerAddress(started.containerId, networkName);
    expect(started.ip).toBe(address?.ip);
    expect(started.mac).toBe(address?.mac);
    expect(started.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(started.interfaceName).toBe("eth0");
    expect(started.arping).toBe("busybox");
    const status = await started.exec(["cat", "/proc/self/status"], 10_000);
    // CAP_NET_RAW is bit 13; nothing else may be effective.
    expect(/CapEff:\s*([0-9a-f]+)/.exec(status.stdout)?.[1]).toBe("0000000000002000");
    const inspected = await docker.containerInspect(started.containerId);
    expect(inspected?.labels).toMatchObject({
      "io.cilium-conformance/run-id": runId,
      "io.cilium-conformance/managed": "true",
      "io.cilium-conformance/role": "lan-client",
    });
  });
});

describe("probeArp against real containers: a burst (the default)", () => {
  it("single: the container holding the address answers, with its MAC, every run hearing it", async () => {
    const {
      client,
      holders: [a],
    } = scene();
    await a.add(ip(100), 24);
    const result = await probeArp(client, ip(100), {
      nodes: [{ name: "holder-a", role: "worker", lanIp: ip(9), lanMac: a.mac.toUpperCase() }],
    });
    expect(result).toMatchObject({ mode: "burst", verdict: "single", sent: 3 });
    expect(result.replies).toEqual([
      { mac: a.mac, count: 3, perProbe: 1, firstReplyMs: expect.any(Number), node: "holder-a" },
    ]);
    expect(result.transcript.stdout).toContain(`Unicast reply from ${ip(100)} [${a.mac}]`);
  });

  it("duplicate: two containers claiming one address, both MACs, each heard by every run", async () => {
    const {
      client,
      holders: [a, b],
    } = scene();
    await a.add(ip(101), 24);
    await b.add(ip(101), 24);
    const result = await probeArp(client, ip(101));
    expect(result.verdict).toBe("duplicate");
    expect(new Set(result.replies.map((reply) => reply.mac))).toEqual(new Set([a.mac, b.mac]));
    // Every run hears the replies to its own probe, so both holders are in all three.
    for (const reply of result.replies) expect(reply.count).toBe(3);
  });

  it("duplicate with one probe and a short window: the second responder is still caught", async () => {
    const {
      client,
      holders: [a, b],
    } = scene();
    await a.add(ip(102), 24);
    await b.add(ip(102), 24);
    const result = await probeArp(client, ip(102), { count: 1, listenMs: 100 });
    expect(result).toMatchObject({ verdict: "duplicate", sent: 1 });
    expect(new Set(result.replies.map((reply) => reply.mac))).toEqual(new Set([a.mac, b.mac]));
  });

  it("none: nobody holds the address; the burst ends after its window, well within the budget", async () => {
    const { client } = scene();
    const budgetMs = 3000;
    const result = await probeArp(timedInContainer(client), ip(200), { count: 5, budgetMs });
    expect(result).toMatchObject({ mode: "burst", verdict: "none", replies: [], sent: 5 });
    const seconds = realSeconds(result.transcript.stderr);
    // Five runs stopped together after the 300 ms window (a run the signal missed would end at 1 s).
    expect(seconds).toBeGreaterThanOrEqual(0.3);
    expect(seconds * 1000).toBeLessThan(budgetMs);
  });
});

describe("probeArp against real containers: rounds (one probe per second)", () => {
  it("duplicate: both MACs in every round", async () => {
    const {
      client,
      holders: [a, b],
    } = scene();
    await a.add(ip(103), 24);
    await b.add(ip(103), 24);
    const result = await probeArp(client, ip(103), { count: 2, budgetMs: 5000, mode: "rounds" });
    expect(result).toMatchObject({ mode: "rounds", verdict: "duplicate", sent: 2 });
    for (const reply of result.replies) expect(reply.count).toBe(2);
  });

  it("none: the rounds fit in the budget, and arping ends within it", async () => {
    const { client } = scene();
    const budgetMs = 3000;
    const result = await probeArp(timedInContainer(client), ip(201), { count: 5, budgetMs, mode: "rounds" });
    expect(result).toMatchObject({ verdict: "none", replies: [], sent: 3 });
    expect(result.transcript.exitCode).toBe(1);
    const seconds = realSeconds(result.transcript.stderr);
    // Three probes a second apart; BusyBox's -w 3 ends the run by 3.5 s (arp-arping-command.ts).
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds * 1000).toBeLessThanOrEqual(budgetMs + 750);
  });
});
