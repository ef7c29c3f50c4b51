// The address blocks of a CiliumLoadBalancerIPPool as the operator reads them
// (operator/pkg/lbipam: ipRangeFromBlock): `cidr` wins over start/stop, a cidr is masked, a
// start without stop is one address, and only cidr blocks honour allowFirstLastIPs. The static
// checks, the plan's LAN (docker's ip-range keeps clear of these) and the suites read pools here.
import type { CiliumCompat } from "../compat/compat-types.ts";
import { parseIp } from "../net/ip-address.ts";
import { formatIpValue, type IpRange, parsePrefixMasked, rangeOf, rangeSize } from "../net/ip-range.ts";
import type { Manifest, YamlPath } from "../repo/infra-model.ts";

export interface PoolBlock {
  pool: Manifest;
  /** `blocks` (or the 1.15-only `cidrs`). */
  field: string;
  index: number;
  path: YamlPath;
  kind: "cidr" | "range";
  range: IpRange;
  /** Set for cidr blocks whose address had host bits that the operator clears. */
  hostBitsSet: boolean;
  /** `192.168.5.0/24` or `192.168.5.30–192.168.5.255`, for messages. */
  text: string;
}

export interface BlockProblem {
  path: YamlPath;
  severity: "error" | "warning";
  message: string;
}

export function poolSpec(pool: Manifest): Record<string, unknown> {
  const spec = pool.body.spec;
  return typeof spec === "object" && spec !== null && !Array.isArray(spec)
    ? (spec as Record<string, unknown>)
    : {};
}

export function formatRange(range: IpRange): string {
  const first = formatIpValue(range.family, range.first);
  return range.first === range.last ? first : `${first}–${formatIpValue(range.family, range.last)}`;
}

/** Blocks the operator will use, and what is wrong with the others. */
export function readPoolBlocks(
  pool: Manifest,
  compat: CiliumCompat | undefined,
): { blocks: PoolBlock[]; problems: BlockProblem[] } {
  const spec = poolSpec(pool);
  const fields = compat?.poolCidrsField.value ? ["cidrs", "blocks"] : ["blocks"];
  const blocks: PoolBlock[] = [];
  const problems: BlockProblem[] = [];
  for (const field of fields) {
    const list = spec[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push({
        path: ["spec", field],
        severity: "error",
        message: `spec.${field} must be a list of blocks`,
      });
      continue;
    }
    list.forEach((item, index) => {
      const read = readBlock(pool, field, index, item);
      if (read.block) blocks.push(read.block);
      problems.push(...read.problems);
    });
  }
  return { blocks, problems };
}

function readBlock(
  pool: Manifest,
  field: string,
  index: number,
  item: unknown,
): { block?: PoolBlock; problems: BlockProblem[] } {
  const path: YamlPath = ["spec", field, index];
  const where = `spec.${field}[${index}]`;
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return {
      problems: [
        { path, severity: "error", message: `${where} must be a map with \`cidr\` or \`start\`/\`stop\`` },
      ],
    };
  }
  const { cidr, start, stop } = item as Record<string, unknown>;
  const problems: BlockProblem[] = [];
  const base = { pool, field, index, path };
  if (cidr !== undefined && cidr !== null && cidr !== "") {
    if (start !== undefined || stop !== undefined) {
      problems.push({
        path: [...path, "start"],
        severity: "warning",
        message: `${where} has both \`cidr\` and \`start\`/\`stop\`: the operator uses only the cidr (${String(cidr)}) and silently ignores start/stop. Keep one: either the cidr, or start/stop as their own list item.`,
      });
    }
    const parsed = typeof cidr === "string" ? parsePrefixMasked(cidr) : undefined;
    if (!parsed) {
      problems.push({
        path: [...path, "cidr"],
        severity: "error",
        message: `${where}.cidr ${JSON.stringify(cidr)} is not a CIDR: the operator fails with "error parsing ip block" and allocates nothing from this pool. Write it as address/prefix, e.g. \`cidr: 192.168.5.32/27\`.`,
      });
      return { problems };
    }
    return {
      block: {
        ...base,
        kind: "cidr",
        range: parsed.cidr,
        hostBitsSet: parsed.hostBitsSet,
        text: parsed.cidr.text,
      },
      problems,
    };
  }
  const startIp = typeof start === "string" ? parseIp(start) : undefined;
  if (start === undefined || start === null || start === "") {
    problems.push({
      path,
      severity: "error",
      message:
        stop === undefined
          ? `${where} has neither \`cidr\` nor \`start\`: the operator fails with "error parsing ip block" and allocates nothing from this pool. Give it \`cidr: …\` or \`start: …\` and \`stop: …\`.`
          : `${where} has \`stop\` but no \`start\`: the operator fails with "error parsing ip block" and allocates nothing from this pool. Add \`start: …\`.`,
    });
    return { problems };
  }
  if (!startIp) {
    problems.push({
      path: [...path, "start"],
      severity: "error",
      message: `${where}.start ${JSON.stringify(start)} is not an IP address: the operator fails with "error parsing ip block" and allocates nothing from this pool.`,
    });
    return { problems };
  }
  if (stop === undefined || stop === null || stop === "") {
    const range: IpRange = { family: startIp.family, first: startIp.value, last: startIp.value };
    return {
      block: { ...base, kind: "range", range, hostBitsSet: false, text: formatRange(range) },
      problems,
    };
  }
  const stopIp = typeof stop === "string" ? parseIp(stop) : undefined;
  if (!stopIp) {
    problems.push({
      path: [...path, "stop"],
      severity: "error",
      message: `${where}.stop ${JSON.stringify(stop)} is not an IP address: the operator fails with "error parsing ip block" and allocates nothing from this pool.`,
    });
    return { problems };
  }
  if (startIp.family !== stopIp.family) {
    problems.push({
      path: [...path, "stop"],
      severity: "error",
      message: `${where} mixes an IPv${startIp.family} start (${String(start)}) with an IPv${stopIp.family} stop (${String(stop)}): the operator cannot build the range and allocates nothing from this pool. Use one family per block; add a second block for the other family.`,
    });
    return { problems };
  }
  const range = rangeOf(startIp, stopIp);
  if (!range) {
    problems.push({
      path: [...path, "stop"],
      severity: "error",
      message: `${where} runs backwards: start ${String(start)} is after stop ${String(stop)}, so the operator cannot build the range and allocates nothing from this pool. Swap them: \`start: ${String(stop)}\`, \`stop: ${String(start)}\`.`,
    });
    return { problems };
  }
  return { block: { ...base, kind: "range", range, hostBitsSet: false, text: formatRange(range) }, problems };
}

/** Whether the pool reserves the first and last IP of its cidr blocks on this version. */
export function reservesFirstLast(pool: Manifest, compat: CiliumCompat): boolean {
  const value = poolSpec(pool).allowFirstLastIPs;
  if (value === "No") return true;
  if (value === "Yes") return false;
  return !compat.firstLastIpsAllocatedByDefault.value;
}

/** The addresses LB-IPAM can hand out from a block, after first/last reservation. */
export function allocatableRange(block: PoolBlock, compat: CiliumCompat): IpRange | undefined {
  const reserved =
    block.kind === "cidr" &&
    reservesFirstLast(block.pool, compat) &&
    rangeSize(block.range) >= BigInt(compat.firstLastReservationMinAddresses.value);
  if (!reserved) return block.range;
  const range = { family: block.range.family, first: block.range.first + 1n, last: block.range.last - 1n };
  return range.first <= range.last ? range : undefined;
}

export function isPoolDisabled(pool: Manifest): boolean {
  return poolSpec(pool).disabled === true;
}
