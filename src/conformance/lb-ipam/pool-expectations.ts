// What the repo's pools promise, computed from the repo manifests and the compat facts of the
// Cilium version under test (never from literals): what LB-IPAM's counters must say, whether an
// address is in a pool, the pool's last handed-out address, and an address no pool contains.
// Block reading, first/last rules and the counting are the static checks' (src/lbipam/).

import type { CiliumCompat } from "../../compat/compat-types.ts";
import { ingressIps, type WireService } from "../../decisions/lb-service-ip.ts";
import type { PoolCounters } from "../../decisions/pool-counters.ts";
import { fail, pass, type Verdict } from "../../decisions/verdict.ts";
import { asLabelSelector, type Labels, selectorMatches } from "../../k8s/label-selector.ts";
import { allocatableRange, type PoolBlock, readPoolBlocks } from "../../lbipam/pool-blocks.ts";
import { type PoolCounts, poolCounts } from "../../lbipam/pool-counts.ts";
import { parseIp } from "../../net/ip-address.ts";
import { formatIpValue, type IpRange, parseCidr, rangeIncludes } from "../../net/ip-range.ts";
import type { Manifest } from "../../repo/infra-model.ts";

/** What the pool's counters must be: `IPsTotal` its raw size, reserved addresses among the used. */
export function expectedPoolCounts(pool: Manifest, compat: CiliumCompat): PoolCounts {
  return poolCounts(pool, compat);
}

/**
 * The counters as LB-IPAM writes them agree with the repo: IPsTotal is every block's raw size
 * (reserved first/last addresses included, operator/pkg/lbipam/lbipam.go updatePoolCounts), and
 * the reserved addresses are always among the used ones.
 */
export function poolCountersMatch(counters: PoolCounters, expected: PoolCounts): Verdict {
  const seen = `IPsTotal=${counters.total} IPsAvailable=${counters.available} IPsUsed=${counters.used}`;
  const reservedNote =
    expected.reserved > 0n
      ? ` (${expected.offered} for Services + ${expected.reserved} reserved first/last addresses, counted as used)`
      : "";
  if (counters.total !== expected.ipsTotal)
    return fail(`${seen}; the repo's blocks make IPsTotal ${expected.ipsTotal}${reservedNote}`);
  if (counters.used < expected.reserved)
    return fail(
      `${seen}; the ${expected.reserved} reserved first/last addresses alone make IPsUsed ≥ ${expected.reserved}`,
    );
  return pass(`${seen}; as the repo's blocks imply${reservedNote}`);
}

/** The distinct IPs the Services hold from this pool's blocks (shared IPs count once). */
export function ipsHeldFromPool(
  services: readonly (WireService | undefined)[],
  pool: Manifest,
  compat: CiliumCompat,
): string[] {
  const ranges = readPoolBlocks(pool, compat).blocks.map((block) => block.range);
  const held = new Set<string>();
  for (const ip of services.flatMap((service) => ingressIps(service))) {
    const address = parseIp(ip);
    if (address && ranges.some((range) => rangeIncludes(range, address))) held.add(ip);
  }
  return [...held].sort();
}

function allocatable(pool: Manifest, compat: CiliumCompat): { block: PoolBlock; range: IpRange }[] {
  return readPoolBlocks(pool, compat).blocks.flatMap((block) => {
    const range = allocatableRange(block, compat);
    return range ? [{ block, range }] : [];
  });
}

/** Whether LB-IPAM may hand out `ip` from this pool (inside an allocatable range). */
export function poolOffers(pool: Manifest, compat: CiliumCompat, ip: string): boolean {
  const address = parseIp(ip);
  if (!address) return false;
  return allocatable(pool, compat).some(({ range }) => rangeIncludes(range, address));
}

/** The pool whose addresses include `ip`, if any. */
export function poolOffering(
  pools: readonly Manifest[],
  compat: CiliumCompat,
  ip: string,
): Manifest | undefined {
  return pools.find((pool) => poolOffers(pool, compat, ip));
}

/** The highest address LB-IPAM hands out from the pool (IPv4 first): "the pool's last address". */
export function lastOfferedAddress(pool: Manifest, compat: CiliumCompat): string | undefined {
  const ranges = allocatable(pool, compat).map(({ range }) => range);
  const v4 = ranges.filter((range) => range.family === 4);
  const candidates = v4.length > 0 ? v4 : ranges;
  const top = candidates.reduce<IpRange | undefined>(
    (best, r) => (!best || r.last > best.last ? r : best),
    undefined,
  );
  return top ? formatIpValue(top.family, top.last) : undefined;
}

/** Whether a pool selects a Service with these labels (no serviceSelector = every Service). */
export function poolSelects(pool: Manifest, labels: Labels): boolean {
  const spec = (pool.body.spec ?? {}) as Record<string, unknown>;
  return spec.disabled !== true && selectorMatches(asLabelSelector(spec.serviceSelector), labels);
}

/**
 * An IPv4 address that no pool block contains (raw blocks, before first/last reservation), for
 * "a request outside the pool is refused". Taken from the LAN subnet when possible (what an
 * operator would mistype), skipping the gateway and docker's ip-range; else from TEST-NET-1
 * (192.0.2.0/24, RFC 5737). No packet is ever sent to it.
 */
export function addressOutsidePools(
  pools: readonly Manifest[],
  compat: CiliumCompat,
  lan: { subnet: string; gateway: string; ipRange: string },
): string | undefined {
  const blocks = pools.flatMap((pool) => readPoolBlocks(pool, compat).blocks.map((block) => block.range));
  const avoid = [parseCidr(lan.ipRange)].filter((range): range is NonNullable<typeof range> => !!range);
  const gateway = parseIp(lan.gateway)?.value;
  for (const source of [lan.subnet, "192.0.2.0/24"]) {
    const subnet = parseCidr(source);
    if (subnet === undefined || subnet.family !== 4) continue;
    for (let value = subnet.first + 1n; value < subnet.last; value += 1n) {
      const address = { family: 4 as const, value };
      if (value === gateway) continue;
      if (avoid.some((range) => rangeIncludes(range, address))) continue;
      if (blocks.some((range) => range.family === 4 && rangeIncludes(range, address))) continue;
      return formatIpValue(4, value);
    }
  }
  return undefined;
}

/**
 * The reason LB-IPAM gives when a Service requests `ip`: no pool contains it → `no_pool`; a pool
 * contains it but does not select the Service → `pool_selector_mismatch`
 * (operator/pkg/lbipam/lbipam.go, the requested-IPs loop: "No pool exists with a CIDR containing
 * '<ip>'" / "The pool with the CIDR containing '<ip>', doesn't select this service").
 * Undefined when the request can be honoured.
 */
export function expectedRefusalReason(
  pools: readonly Manifest[],
  compat: CiliumCompat,
  ip: string,
  serviceLabels: Labels,
): "no_pool" | "pool_selector_mismatch" | undefined {
  const address = parseIp(ip);
  if (!address) return "no_pool";
  const containing = pools.filter((pool) =>
    readPoolBlocks(pool, compat).blocks.some((block) => rangeIncludes(block.range, address)),
  );
  if (containing.length === 0) return "no_pool";
  return containing.some((pool) => poolSelects(pool, serviceLabels)) ? undefined : "pool_selector_mismatch";
}
