import { allocatableRange, formatRange, type PoolBlock, readPoolBlocks } from "../../lbipam/pool-blocks.ts";
import { parseIp } from "../../net/ip-address.ts";
import {
  type Cidr,
  enclosingCidr,
  formatIpValue,
  parsePrefixMasked,
  rangeContains,
  rangeIntersection,
  rangeOf,
  rangesOverlap,
} from "../../net/ip-range.ts";
import type { InfraModel, YamlPath } from "../../repo/infra-model.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

interface Lan {
  cidr: Cidr;
  declared: boolean;
}

function lanFor(model: InfraModel, block: PoolBlock): Lan | undefined {
  const declared = model.config.lan.cidr;
  if (declared) {
    const parsed = parsePrefixMasked(declared.value);
    return parsed && parsed.cidr.family === block.range.family
      ? { cidr: parsed.cidr, declared: true }
      : undefined;
  }
  if (block.range.family !== 4) return undefined;
  const guess = enclosingCidr({ family: 4, value: block.range.first }, 24);
  // A block that reaches beyond the /24 around its start (a /16 for BGP, a range across two /24s
  // of a /23 LAN) proves the guess wrong: its .0 and .255 may be ordinary addresses.
  return rangeContains(guess, block.range) ? { cidr: guess, declared: false } : undefined;
}

function lanNote(model: InfraModel, lan: Lan): string {
  if (lan.declared) return "";
  const where = model.config.file ?? ".cilium-conformance.yaml";
  return ` (LAN taken as ${lan.cidr.text}, the /24 around the pool, since ${where} declares no \`lan.cidr\`; declare it if your LAN differs)`;
}

const ip = (family: 4 | 6, value: bigint) => formatIpValue(family, value);

export const poolLanCollisions: DocumentedRule = {
  id: "pool-lan-collisions",
  title:
    "Pools stay clear of the LAN's network and broadcast address, its gateway and its DHCP range, and inside the LAN",
  severities: ["error", "warning"],
  why: "LB-IPAM hands out every address of a start/stop range: a Service given the broadcast, network or gateway address, or a DHCP lease's address, is unreachable or collides.",
  emits: [
    "pool-includes-broadcast-address",
    "pool-includes-network-address",
    "pool-includes-lan-gateway",
    "pool-overlaps-dhcp-range",
    "pool-outside-lan",
  ],
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const compat = facts.compat;
    const findings: Finding[] = [];
    const gatewayIp = model.config.lan.gateway ? parseIp(model.config.lan.gateway.value) : undefined;
    const dhcp = model.config.lan.dhcpRange;
    const dhcpStart = dhcp ? parseIp(dhcp.value.start) : undefined;
    const dhcpStop = dhcp ? parseIp(dhcp.value.stop) : undefined;
    const dhcpRange = dhcpStart && dhcpStop ? rangeOf(dhcpStart, dhcpStop) : undefined;

    for (const pool of model.pools) {
      const name = describeManifest(pool);
      for (const block of readPoolBlocks(pool, compat).blocks) {
        const usable = allocatableRange(block, compat);
        const lan = lanFor(model, block);
        if (!usable) continue;
        const family = block.range.family;
        const fieldPath = (field: "start" | "stop"): YamlPath =>
          block.kind === "cidr" ? [...block.path, "cidr"] : [...block.path, field];
        const handsOut =
          block.kind === "range"
            ? "LB-IPAM hands out every address of a start/stop range (allowFirstLastIPs applies to cidr blocks only)"
            : 'LB-IPAM hands out the first and last address of this cidr block (allowFirstLastIPs is not "No")';

        if (lan && family === 4 && lan.cidr.prefix <= 30) {
          const broadcast = lan.cidr.last;
          if (usable.first <= broadcast && broadcast <= usable.last) {
            const fix =
              block.kind === "range" && block.range.last === broadcast
                ? `set \`stop: ${ip(family, broadcast - 1n)}\``
                : block.kind === "cidr" && block.range.last === broadcast
                  ? 'set `allowFirstLastIPs: "No"` on the pool (reserves the block\'s first and last address)'
                  : `keep the block below ${ip(family, broadcast)}`;
            findings.push({
              id: "pool-includes-broadcast-address",
              severity: "error",
              message: `${name}: block ${block.text} includes ${ip(family, broadcast)}, the broadcast address of the LAN ${lan.cidr.text}${lanNote(model, lan)}. ${handsOut}, and a Service given ${ip(family, broadcast)} is unreachable for LAN clients: they broadcast to it instead of ARPing for the announcing node. Fix: ${fix}.`,
              ...atManifest(pool, fieldPath("stop")),
            });
          }
          const network = lan.cidr.first;
          if (usable.first <= network && network <= usable.last) {
            const fix =
              block.kind === "range" && block.range.first === network
                ? `set \`start: ${ip(family, network + 1n)}\``
                : block.kind === "cidr" && block.range.first === network
                  ? 'set `allowFirstLastIPs: "No"` on the pool (reserves the block\'s first and last address)'
                  : `keep the block above ${ip(family, network)}`;
            findings.push({
              id: "pool-includes-network-address",
              severity: "error",
              message: `${name}: block ${block.text} includes ${ip(family, network)}, the network address of the LAN ${lan.cidr.text}${lanNote(model, lan)}. ${handsOut}, and many LAN clients refuse or mis-route traffic to a subnet's network address, so a Service given it is unreachable for them. Fix: ${fix}.`,
              ...atManifest(pool, fieldPath("start")),
            });
          }
        }

        if (
          gatewayIp &&
          gatewayIp.family === family &&
          usable.first <= gatewayIp.value &&
          gatewayIp.value <= usable.last
        ) {
          const gw = gatewayIp.value;
          const fix =
            block.kind === "range" && gw === usable.first
              ? `set \`start: ${ip(family, gw + 1n)}\``
              : block.kind === "range" && gw === usable.last
                ? `set \`stop: ${ip(family, gw - 1n)}\``
                : `split the block around it: \`{ start: ${ip(family, usable.first)}, stop: ${ip(family, gw - 1n)} }\` and \`{ start: ${ip(family, gw + 1n)}, stop: ${ip(family, usable.last)} }\``;
          findings.push({
            id: "pool-includes-lan-gateway",
            severity: "error",
            message: `${name}: block ${block.text} includes the LAN gateway ${ip(family, gw)} (declared in ${model.config.lan.gateway!.location.file}). A Service given it makes a node answer ARP for the router's address and steals the LAN's default route. Fix: ${fix}.`,
            ...atManifest(pool, block.kind === "cidr" ? [...block.path, "cidr"] : block.path),
          });
        }

        if (dhcpRange && rangesOverlap(usable, dhcpRange)) {
          const shared = rangeIntersection(usable, dhcpRange)!;
          findings.push({
            id: "pool-overlaps-dhcp-range",
            severity: "error",
            message: `${name}: block ${block.text} overlaps the LAN's DHCP range ${formatRange(dhcpRange)} (declared in ${dhcp!.location.file}; shared: ${formatRange(shared)}). The DHCP server will lease these addresses to other devices while a node announces them for a Service: both break. Move the pool out of the DHCP range, or shrink the DHCP range on the router.`,
            ...atManifest(pool, block.path),
          });
        }

        if (lan?.declared && !rangeContains(lan.cidr, block.range)) {
          findings.push({
            id: "pool-outside-lan",
            severity: "warning",
            message: `${name}: block ${block.text} is ${rangesOverlap(lan.cidr, block.range) ? "partly " : ""}outside the LAN ${lan.cidr.text}. L2 announcements only answer ARP: LAN clients never ARP for an off-subnet address (they send it to their router), so these IPs are unreachable without a route. Keep L2-announced pools inside ${lan.cidr.text}.`,
            ...atManifest(pool, block.path),
          });
        }
      }
    }
    return findings;
  },
};
