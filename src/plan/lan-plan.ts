// The mirrored LAN: a docker bridge whose subnet is the homelab LAN around the pool, so the
// repo's pool is applied verbatim and its IPs are on-link for the runner. Docker hands node and
// client addresses out of `--ip-range` only, which must keep clear of the pool (or LB-IPAM and
// docker would hand out the same address), the gateway, and the LAN's DHCP range.

import { MANAGED_LABEL, RUN_ID_LABEL } from "../cluster/harness-labels.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import { PlanError } from "../errors.ts";
import { type PoolBlock, readPoolBlocks } from "../lbipam/pool-blocks.ts";
import { type IpAddress, parseIp } from "../net/ip-address.ts";
import {
  type Cidr,
  enclosingCidr,
  formatIpValue,
  type IpRange,
  parseCidr,
  rangeContains,
  rangeIncludes,
  rangesOverlap,
} from "../net/ip-range.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import type { LanPlan } from "./run-plan.ts";

/** Addresses docker must be able to hand out beyond the nodes: the LAN client plus spares. */
export const EXTRA_ADDRESSES = 3;
/** Preferred ip-range size: room for a few more containers without a bigger block. */
const PREFERRED_RANGE_SIZE = 16;

export interface LanPlanInput {
  runId: string;
  /** Control planes plus workers. */
  nodeCount: number;
  /** Facts of the Cilium version installed: which pool fields the operator reads. */
  compat: CiliumCompat;
}

interface Reserved {
  range: IpRange;
  text: string;
  why: string;
  /** Soft reservations may be given up when nothing else fits. */
  soft: boolean;
}

export function planLan(model: InfraModel, input: LanPlanInput): LanPlan {
  // Blocks as the operator reads them; unreadable ones are the static checks' business.
  const blocks = model.pools
    .flatMap((pool) => readPoolBlocks(pool, input.compat).blocks)
    .filter((block) => block.range.family === 4);
  const { subnet, origin } = lanSubnet(model, blocks);
  const gateway = lanGateway(model, subnet);
  const needed = input.nodeCount + EXTRA_ADDRESSES;

  const reserved: Reserved[] = [
    ...blocks.map((block) => ({
      range: block.range,
      text: block.text,
      why: `pool ${block.pool.name} (${block.pool.location.file}:${block.pool.lineOf(block.path)}): LB-IPAM hands these out`,
      soft: false,
    })),
    {
      range: single(gateway),
      text: formatIpValue(4, gateway.value),
      why: "the LAN gateway (the docker bridge's own address)",
      soft: false,
    },
    {
      range: single({ family: 4, value: subnet.first }),
      text: formatIpValue(4, subnet.first),
      why: "the subnet's network address",
      soft: false,
    },
    {
      range: single({ family: 4, value: subnet.last }),
      text: formatIpValue(4, subnet.last),
      why: "the subnet's broadcast address",
      soft: false,
    },
    ...dhcpReservation(model, subnet),
  ];

  const notes: string[] = [];
  let ipRange = findIpRange(subnet, reserved, needed);
  if (!ipRange && reserved.some((entry) => entry.soft)) {
    ipRange = findIpRange(
      subnet,
      reserved.filter((entry) => !entry.soft),
      needed,
    );
    if (ipRange) {
      notes.push(
        `the docker ip-range ${ipRange.text} overlaps the declared DHCP range: no block of ${needed} addresses ` +
          "fits beside the pool otherwise. Harmless in the docker mirror (no DHCP server runs there).",
      );
    }
  }
  if (!ipRange) throw noRoom(subnet, needed, reserved);

  return {
    networkName: `cc-lan-${input.runId}`,
    subnet: subnet.text,
    gateway: formatIpValue(4, gateway.value),
    ipRange: ipRange.text,
    ipRangeSize: Number(ipRange.last - ipRange.first + 1n),
    addressesNeeded: needed,
    labels: { [RUN_ID_LABEL]: input.runId, [MANAGED_LABEL]: "true" },
    subnetOrigin: origin,
    avoided: reserved.map((entry) => ({ range: entry.text, why: entry.why })),
    notes,
  };
}

function lanSubnet(
  model: InfraModel,
  blocks: readonly PoolBlock[],
): { subnet: Cidr; origin: LanPlan["subnetOrigin"] } {
  const declared = model.config.lan.cidr;
  if (declared) {
    const subnet = parseCidr(declared.value);
    if (subnet?.family !== 4) {
      throw new PlanError("CC_PLAN_LAN_INVALID", `lan.cidr "${declared.value}" is not an IPv4 CIDR`, {
        file: declared.location.file,
        line: declared.location.line,
        hint: "write the LAN as network/prefix, e.g. 192.168.5.0/24",
      });
    }
    const outside = blocks.find((block) => !rangeContains(subnet, block.range));
    if (outside) {
      throw new PlanError(
        "CC_PLAN_LAN_INVALID",
        `pool ${outside.pool.name} block ${outside.text} lies outside the declared LAN ${subnet.text}: its IPs would not be on-link`,
        {
          file: declared.location.file,
          line: declared.location.line,
          hint: "declare the LAN that encloses every pool block in .cilium-conformance.yaml (lan.cidr)",
        },
      );
    }
    return { subnet, origin: "declared" };
  }
  const first = blocks[0];
  if (!first) {
    throw new PlanError(
      "CC_PLAN_LAN_INVALID",
      "no IPv4 pool block and no lan.cidr: cannot tell which LAN to mirror",
      {
        hint: "declare lan.cidr in .cilium-conformance.yaml, or give the CiliumLoadBalancerIPPool an IPv4 block",
      },
    );
  }
  // The /24 around the pool, widened until it holds every block (a /22 pool gets a /22 LAN).
  for (let prefix = 24; prefix >= 8; prefix--) {
    const candidate = enclosingCidr({ family: 4, value: first.range.first }, prefix);
    if (blocks.every((block) => rangeContains(candidate, block.range))) {
      return { subnet: candidate, origin: "derived-from-pool" };
    }
  }
  throw new PlanError(
    "CC_PLAN_LAN_INVALID",
    "the pool blocks are spread over more than a /8: no single LAN holds them",
    {
      hint: "declare lan.cidr in .cilium-conformance.yaml",
    },
  );
}

function lanGateway(model: InfraModel, subnet: Cidr): IpAddress {
  const declared = model.config.lan.gateway;
  if (!declared) return { family: 4, value: subnet.first + 1n };
  const gateway = parseIp(declared.value);
  if (gateway?.family !== 4 || !rangeIncludes(subnet, gateway)) {
    throw new PlanError(
      "CC_PLAN_LAN_INVALID",
      `lan.gateway "${declared.value}" is not an address inside ${subnet.text}`,
      {
        file: declared.location.file,
        line: declared.location.line,
        hint: `use the LAN router's address inside ${subnet.text}, or drop lan.gateway to use the first address`,
      },
    );
  }
  return gateway;
}

function dhcpReservation(model: InfraModel, subnet: Cidr): Reserved[] {
  const dhcp = model.config.lan.dhcpRange;
  if (!dhcp) return [];
  const start = parseIp(dhcp.value.start);
  const stop = parseIp(dhcp.value.stop);
  if (!start || !stop || start.family !== 4 || stop.family !== 4 || start.value > stop.value) return [];
  const range: IpRange = { family: 4, first: start.value, last: stop.value };
  if (!rangesOverlap(range, subnet)) return [];
  return [
    {
      range,
      text: `${dhcp.value.start}-${dhcp.value.stop}`,
      why: `the LAN's DHCP range (${dhcp.location.file}:${dhcp.location.line}): kept clear so node addresses look like the homelab's static ones`,
      soft: true,
    },
  ];
}

/**
 * The first aligned block inside the subnet that avoids every reservation: first trying the
 * preferred size, then smaller ones down to the smallest that still holds `needed` addresses.
 */
function findIpRange(subnet: Cidr, reserved: readonly Reserved[], needed: number): Cidr | undefined {
  const minimumSize = nextPowerOfTwo(needed);
  const subnetSize = subnet.last - subnet.first + 1n;
  for (
    let size = BigInt(Math.max(PREFERRED_RANGE_SIZE, minimumSize));
    size >= BigInt(minimumSize);
    size /= 2n
  ) {
    if (size > subnetSize) continue;
    for (let first = subnet.first; first + size - 1n <= subnet.last; first += size) {
      const candidate: IpRange = { family: 4, first, last: first + size - 1n };
      if (reserved.every((entry) => !rangesOverlap(entry.range, candidate))) {
        const prefix = 32 - Math.log2(Number(size));
        return { ...candidate, prefix, text: `${formatIpValue(4, first)}/${prefix}` };
      }
    }
  }
  return undefined;
}

function noRoom(subnet: Cidr, needed: number, reserved: readonly Reserved[]): PlanError {
  const taken = reserved.map((entry) => `${entry.text} (${entry.why})`).join("; ");
  return new PlanError(
    "CC_PLAN_LAN_NO_ROOM",
    `no aligned block of ${nextPowerOfTwo(needed)} addresses in ${subnet.text} is free for docker's --ip-range ` +
      `(${needed} needed: the kind nodes, the LAN client and spares). Taken: ${taken}`,
    {
      hint:
        "leave a few addresses of the LAN outside the pool (e.g. start the pool at .30 so .8-.15 stay free), " +
        "or declare a wider lan.cidr in .cilium-conformance.yaml",
    },
  );
}

function single(address: IpAddress): IpRange {
  return { family: address.family, first: address.value, last: address.value };
}

function nextPowerOfTwo(value: number): number {
  let size = 1;
  while (size < value) size *= 2;
  return size;
}
