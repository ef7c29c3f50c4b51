// What the ARP case says when the address it probes is shared by several announced Services: each
// Service has its own L2 Lease, so each answering node is named with the Leases it holds, then the
// cause and the fix the static check l2-shared-ip-leases gives (src/lbipam/shared-ip-announcement.ts).
// Pure: the suite reads the Leases and the ARP answer and hands them in.

import { type LeaseHolder, leaseHolder, type WireLease } from "../../decisions/l2-lease-holder.ts";
import {
  mergeServicesFix,
  type SharingService,
  splitAnnouncerWhy,
} from "../../lbipam/shared-ip-announcement.ts";
import type { ArpResponder } from "../../probes/arp-verdict.ts";
import type { LbServiceContract } from "./lb-service-contracts.ts";

export interface SharerLease {
  contract: LbServiceContract;
  /** `kube-system/cilium-l2announce-pihole-pihole-dns-udp`. */
  lease: string;
  /** The Lease as read (undefined: not found). */
  object: WireLease | undefined;
}

interface Holding {
  sharer: SharerLease;
  /** The live holder's node name; undefined when the Lease is missing, unheld or expired. */
  holder: string | undefined;
  state: string;
}

function holdingOf(sharer: SharerLease, nowMs: number): Holding {
  const verdict = leaseHolder(sharer.object, nowMs);
  const value: LeaseHolder | undefined = verdict.value;
  return { sharer, holder: verdict.ok ? value?.holder : undefined, state: verdict.seen };
}

const serviceName = (contract: LbServiceContract) => `${contract.namespace}/${contract.name}`;

function sharingService(contract: LbServiceContract): SharingService {
  return {
    namespace: contract.namespace,
    name: contract.name,
    file: contract.file,
    line: contract.line,
    ports: contract.ports.map((port) => `${port.port}/${port.protocol}`),
  };
}

function leaseList(holdings: readonly Holding[]): string {
  return holdings.map((h) => `${h.sharer.lease} (Service ${serviceName(h.sharer.contract)})`).join(", ");
}

function whoAnswered(reply: ArpResponder, holdings: readonly Holding[]): string {
  const who = `${reply.mac}${reply.node ? ` (${reply.node})` : " (not a node)"}`;
  if (!reply.node) return `${who} holds no Lease: a device outside the cluster answers for the address`;
  const held = holdings.filter((h) => h.holder === reply.node);
  if (held.length === 0) return `${who} holds none of these Leases`;
  return `${who} holds ${leaseList(held)}`;
}

/** Leases whose live holder did not answer, or that have none: said after the answering nodes. */
function silentLeases(replies: readonly ArpResponder[], holdings: readonly Holding[]): string[] {
  const answering = new Set(replies.map((reply) => reply.node).filter((node) => node !== undefined));
  return holdings
    .filter((h) => h.holder === undefined || !answering.has(h.holder))
    .map((h) => `${h.sharer.lease} (Service ${serviceName(h.sharer.contract)}): ${h.state}, not answering`);
}

/**
 * Why the ARP answer for a shared address is not one MAC: per answering MAC the Leases its node
 * holds, the Leases nobody answering holds, then the cause and the fix.
 */
export function sharedIpArpExplanation(
  ip: string,
  sharers: readonly SharerLease[],
  replies: readonly ArpResponder[],
  nowMs: number,
): string {
  const holdings = sharers.map((sharer) => holdingOf(sharer, nowMs));
  const answered = replies.map((reply) => whoAnswered(reply, holdings));
  const macs =
    replies.length === 0
      ? "no MAC answers"
      : replies.length === 1
        ? "1 MAC answers"
        : `${replies.length} MACs answer`;
  const lines = [
    `${macs} ARP for ${ip}, which ${sharers.length} Services share with one L2 Lease each:`,
    ...answered.map((line) => `- ${line}`),
    ...silentLeases(replies, holdings).map((line) => `- ${line}`),
    splitAnnouncerWhy(sharers.length),
    mergeServicesFix(sharers.map((sharer) => sharingService(sharer.contract))),
  ];
  return lines.join("\n");
}

/**
 * For a run where one MAC answered: still a failure, since only the chance of the elections put
 * every Lease of the address on one node, and nothing keeps them there (a restart or a failover of
 * one Lease splits them). The verdict is the same on every run of the same repo.
 */
export function sharedIpLuckyAnswer(ip: string, sharers: readonly SharerLease[], nowMs: number): string {
  const holdings = sharers.map((sharer) => holdingOf(sharer, nowMs));
  const holders = [...new Set(holdings.map((h) => h.holder ?? "nobody"))];
  const held = holdings
    .map((h) => `${h.sharer.lease} held by ${h.holder ?? `nobody (${h.state})`}`)
    .join(", ");
  const outcome =
    holders.length === 1
      ? `one MAC answers this run only because the elections happened to give every Lease to ${holders[0]}; a restart or a failover of one of them splits them`
      : `their holders are ${holders.join(" and ")}`;
  return `${ip} is announced through ${sharers.length} L2 Leases (${held}), not one: ${outcome}. ${splitAnnouncerWhy(sharers.length)} ${mergeServicesFix(sharers.map((sharer) => sharingService(sharer.contract)))}`;
}
