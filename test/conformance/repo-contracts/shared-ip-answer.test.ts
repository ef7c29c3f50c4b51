import { describe, expect, it } from "vitest";
import { compatFor } from "../../../src/compat/compat-for.ts";
import {
  announcedSharers,
  lbServiceContract,
} from "../../../src/conformance/repo-contracts/lb-service-contracts.ts";
import {
  type SharerLease,
  sharedIpArpExplanation,
  sharedIpLuckyAnswer,
} from "../../../src/conformance/repo-contracts/shared-ip-answer.ts";
import type { WireLease } from "../../../src/decisions/l2-lease-holder.ts";
import type { ArpResponder } from "../../../src/probes/arp-verdict.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { failureHeadline } from "../../../src/report/failure-headline.ts";
import { fixtureRoot } from "../../support/temp-repo.ts";

// The seed's Pi-hole pair, as the suite derives it, and Leases/ARP replies shaped as the API server
// and the ARP probe give them in the 2026-12-03 rehearsal that answered with two MACs.
const seed = loadInfraRepo(fixtureRoot);
const contracts = (seed.services ?? []).map((manifest) =>
  lbServiceContract(manifest, seed, compatFor("1.18.11")),
);
const udp = contracts.find((contract) => contract.name === "pihole-dns-udp")!;
const NOW = Date.parse("2026-12-03T11:20:10.000000Z");
const WORKER = { mac: "02:42:c0:a8:05:02", node: "cc-run-worker" };
const WORKER2 = { mac: "02:42:c0:a8:05:03", node: "cc-run-worker2" };

function lease(holder: string | undefined, renewedSecondsAgo = 2): WireLease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "x", namespace: "kube-system" },
    spec: {
      ...(holder ? { holderIdentity: holder } : {}),
      leaseDurationSeconds: 15,
      renewTime: new Date(NOW - renewedSecondsAgo * 1000).toISOString().replace("Z", "000Z"),
      leaseTransitions: 0,
    },
  };
}

function sharers(udpHolder: WireLease | undefined, tcpHolder: WireLease | undefined): SharerLease[] {
  return announcedSharers(udp, contracts).map((contract) => ({
    contract,
    lease: `kube-system/cilium-l2announce-${contract.namespace}-${contract.name}`,
    object: contract.name === "pihole-dns-udp" ? udpHolder : tcpHolder,
  }));
}

const reply = (who: { mac: string; node?: string }): ArpResponder => ({
  mac: who.mac,
  count: 2,
  firstReplyMs: 0.4,
  ...(who.node ? { node: who.node } : {}),
});

describe("the ARP case on an address several announced Services share", () => {
  it("finds the seed's two Pi-hole Services as sharers of one announced address, the Service itself first", () => {
    expect(announcedSharers(udp, contracts).map((contract) => contract.name)).toEqual([
      "pihole-dns-udp",
      "pihole-dns-tcp",
    ]);
    const alone = { ...udp, sharedWith: [] };
    expect(announcedSharers(alone, contracts)).toEqual([]);
    const unannounced = contracts.map((contract) => ({ ...contract, announcedBy: [] }));
    expect(announcedSharers(udp, unannounced)).toEqual([]);
  });

  it("names the Lease each answering node holds, the cause and the merge fix, instead of a bare 'duplicate'", () => {
    const text = sharedIpArpExplanation(
      "192.168.5.53",
      sharers(lease(WORKER2.node), lease(WORKER.node)),
      [reply(WORKER2), reply(WORKER)],
      NOW,
    );
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "2 MACs answer ARP for 192.168.5.53, which 2 Services share with one L2 Lease each:",
      "- 02:42:c0:a8:05:03 (cc-run-worker2) holds kube-system/cilium-l2announce-pihole-pihole-dns-udp (Service pihole/pihole-dns-udp)",
      "- 02:42:c0:a8:05:02 (cc-run-worker) holds kube-system/cilium-l2announce-pihole-pihole-dns-tcp (Service pihole/pihole-dns-tcp)",
    ]);
    expect(lines[3]).toContain("elects the answering node per Service, one Lease each");
    expect(lines[3]).toContain("cilium/cilium#48419");
    expect(lines[4]).toBe(
      "Fix: merge pihole/pihole-dns-udp (apps/pihole/dns-services.yaml:3) and pihole/pihole-dns-tcp (apps/pihole/dns-services.yaml:20) into one LoadBalancer Service with all their ports (53/UDP, 53/TCP) and no sharing key: mixed TCP/UDP LoadBalancer Services are GA since Kubernetes 1.26, and one Service has one Lease, so one node answers.",
    );
    // The one-line views (JUnit message, summary cell, console) keep who holds what.
    expect(failureHeadline(text)).toBe(
      "2 MACs answer ARP for 192.168.5.53, which 2 Services share with one L2 Lease each: 02:42:c0:a8:05:03 (cc-run-worker2) holds kube-system/cilium-l2announce-pihole-pihole-dns-udp (Service pihole/pihole-dns-udp); 02:42:c0:a8:05:02 (cc-run-worker) holds kube-system/cilium-l2announce-pihole-pihole-dns-tcp (Service pihole/pihole-dns-tcp)",
    );
  });

  it("says when a node holds both Leases, a MAC that is no node, and a Lease nobody live holds", () => {
    const text = sharedIpArpExplanation(
      "192.168.5.53",
      sharers(lease(WORKER.node), lease(WORKER2.node, 40)),
      [reply(WORKER), reply({ mac: "aa:bb:cc:dd:ee:ff" })],
      NOW,
    );
    expect(text.split("\n").slice(1, 4)).toEqual([
      "- 02:42:c0:a8:05:02 (cc-run-worker) holds kube-system/cilium-l2announce-pihole-pihole-dns-udp (Service pihole/pihole-dns-udp)",
      "- aa:bb:cc:dd:ee:ff (not a node) holds no Lease: a device outside the cluster answers for the address",
      "- kube-system/cilium-l2announce-pihole-pihole-dns-tcp (Service pihole/pihole-dns-tcp): holder cc-run-worker2 (renewed 40s ago, expired), not answering",
    ]);
    const both = sharedIpArpExplanation(
      "192.168.5.53",
      sharers(lease(WORKER.node), lease(WORKER.node)),
      [reply(WORKER), reply(WORKER2)],
      NOW,
    );
    expect(both).toContain(
      "- 02:42:c0:a8:05:02 (cc-run-worker) holds kube-system/cilium-l2announce-pihole-pihole-dns-udp (Service pihole/pihole-dns-udp), kube-system/cilium-l2announce-pihole-pihole-dns-tcp (Service pihole/pihole-dns-tcp)",
    );
    expect(both).toContain("- 02:42:c0:a8:05:03 (cc-run-worker2) holds none of these Leases");
    expect(sharedIpArpExplanation("192.168.5.53", sharers(undefined, lease(undefined)), [], NOW)).toContain(
      "no MAC answers ARP for 192.168.5.53",
    );
  });

  it("on a lucky run (one node holds both Leases) fails all the same, saying the 2 Leases only coincide by chance", () => {
    const note = sharedIpLuckyAnswer("192.168.5.53", sharers(lease(WORKER.node), lease(WORKER.node)), NOW);
    expect(note).toContain(
      "192.168.5.53 is announced through 2 L2 Leases (kube-system/cilium-l2announce-pihole-pihole-dns-udp held by cc-run-worker, kube-system/cilium-l2announce-pihole-pihole-dns-tcp held by cc-run-worker), not one",
    );
    expect(note).toContain(
      "one MAC answers this run only because the elections happened to give every Lease to cc-run-worker; a restart or a failover of one of them splits them",
    );
    expect(note).toContain("cilium/cilium#48419");
    expect(note).toContain("Fix: merge pihole/pihole-dns-udp");
  });
});
